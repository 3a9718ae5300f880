export { RedenArgs, ToelichtingArgs } from '../../../shared/graphql/inschrijving'
