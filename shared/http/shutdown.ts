/** Runs `stop` once on SIGINT or SIGTERM, then exits: open requests finish, connections close. */
export function stopOnSignal(stop: () => Promise<void>) {
  let stopping = false
  const handler = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: stopping`)
    stop().then(
      () => process.exit(0),
      (err) => {
        console.error(err)
        process.exit(1)
      },
    )
  }
  process.once('SIGINT', handler)
  process.once('SIGTERM', handler)
}
