import { createRoot } from 'react-dom/client'
import { Dashboard } from './Dashboard'

createRoot(document.getElementById('app')!).render(<Dashboard />)
