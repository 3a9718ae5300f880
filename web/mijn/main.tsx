import { createRoot } from 'react-dom/client'
import { Mijn } from './Mijn'

createRoot(document.getElementById('app')!).render(<Mijn />)
