import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { graphql } from '../generated'
import type { MijnKeuzelijstQuery, MijnOverzichtQuery } from '../generated/graphql'
import {
  claimsOf,
  idempotentieSleutel,
  request,
  RequestFailed,
  tokenFromAddress,
  type GraphQLErrorItem,
} from '../shared/client'
import { datum, percentage, tijdstip } from '../shared/format'
import {
  Alert,
  Button,
  Heading3,
  Page,
  Paragraph,
  Section,
  SelectField,
  Table,
  TextField,
} from '../shared/ui'

// The resident's own page, in plain Dutch (B1): short sentences, "u", no codes where a word will do.

const MIJN_OVERZICHT = graphql(`
  query MijnOverzicht($g: ID!) {
    mij(gemeenteCode: $g) {
      volwassen
      inwoner {
        voornamen
        achternaam
        verhuisdOp
      }
      plannen {
        id
        status
        startdatum
        einddatum
        behoeften {
          id
        }
      }
      behoeften {
        id
        code
        naam
        niveau
        niveauUitleg
        gekozenDoor
        gekozenAanbieder {
          agbCode
          naam
        }
        inwoner {
          voornamen
        }
        resultaten {
          id
          omschrijving
          streefdatum
          uitkomst
          evaluaties {
            id
            door
            datum
            voortgang
            toelichting
          }
        }
      }
      toewijzingen {
        id
        toewijzingNummer
        status
        ingangsdatum
        einddatum
        aanbieder {
          agbCode
          naam
        }
        behoefte {
          id
          naam
        }
      }
      toegangslog(eerste: 20) {
        ...LogPagina
      }
    }
  }
`)

graphql(`
  fragment LogPagina on ToegangslogConnection {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        tijdstip
        gebeurtenis
        gebruikerNaam
        rol
        doel
      }
    }
  }
`)

// The next entries of the access log, oldest first, after those shown.
const MIJN_TOEGANGSLOG = graphql(`
  query MijnToegangslog($g: ID!, $na: String!) {
    mij(gemeenteCode: $g) {
      toegangslog(eerste: 20, na: $na) {
        ...LogPagina
      }
    }
  }
`)

const GEMEENTEN = graphql(`
  query MijnGemeenten {
    gemeenten {
      code
      naam
    }
  }
`)

const KEUZELIJST = graphql(`
  query MijnKeuzelijst($g: ID!, $b: ID!) {
    keuzeVoorBehoefte(gemeenteCode: $g, behoefteId: $b) {
      agbCode
      naam
      wachttijdWeken
      specialisaties {
        code
        naam
      }
      locaties {
        id
        plaats
      }
      waardering {
        gemiddelde
        aantal
      }
      behaaldeResultaten {
        ondersteuningsbehoefte
        niveau
        afgeslotenToewijzingen
        aandeelBehaald
      }
      behaaldTotaal {
        afgeslotenToewijzingen
        aandeelBehaald
      }
    }
  }
`)

const KIEZEN = graphql(`
  mutation MijnAanbiederKiezen($g: ID!, $b: ID!, $agb: ID!, $k: String!) {
    aanbiederKiezen(gemeenteCode: $g, behoefteId: $b, agbCode: $agb, idempotentieSleutel: $k) {
      id
      gekozenDoor
      gekozenAanbieder {
        agbCode
        naam
      }
    }
  }
`)

const EVALUEREN = graphql(`
  mutation MijnEvaluatie($g: ID!, $invoer: EvaluatieInvoer!, $k: String!) {
    evaluatieVastleggen(gemeenteCode: $g, invoer: $invoer, idempotentieSleutel: $k) {
      id
      datum
      voortgang
    }
  }
`)

const WAARDEREN = graphql(`
  mutation MijnWaardering($g: ID!, $t: ID!, $score: Int!, $toelichting: String, $k: String!) {
    aanbiederWaarderen(
      gemeenteCode: $g
      toewijzingId: $t
      score: $score
      toelichting: $toelichting
      idempotentieSleutel: $k
    ) {
      score
      datum
    }
  }
`)

type Mij = NonNullable<MijnOverzichtQuery['mij']>
type Behoefte = Mij['behoeften'][number]

const PLAN_STATUS: Record<string, string> = {
  CONCEPT: 'Wordt nog gemaakt',
  ACTIEF: 'Loopt',
  AFGESLOTEN: 'Afgesloten',
  INGETROKKEN: 'Ingetrokken',
}
const TOEWIJZING_STATUS: Record<string, string> = {
  TOEGEWEZEN: 'Toegekend, de hulp is nog niet begonnen',
  GESTART: 'De hulp is begonnen',
  BEEINDIGD: 'De hulp is klaar',
  INGETROKKEN: 'Ingetrokken',
}
const UITKOMST: Record<string, string> = {
  BEHAALD: 'Gehaald',
  DEELS_BEHAALD: 'Een deel gehaald',
  NIET_BEHAALD: 'Niet gehaald',
}
const DOOR: Record<string, string> = { GEMEENTE: 'De gemeente', AANBIEDER: 'De zorgaanbieder', INWONER: 'U' }
const ROL: Record<string, string> = {
  TOEGANGSMEDEWERKER: 'Medewerker van de gemeente',
  AANBIEDER: 'Zorgaanbieder',
  ANALIST: 'Onderzoeker van de regio',
  REGISTERBEHEERDER: 'Beheerder van het register',
  GEMEENTESYSTEEM: 'Systeem van de gemeente',
  GATEWAY: 'Systeem van de regio',
  INWONER: 'Inwoner',
}

// The purposes of the access log (subgraphs/gemeente/toegangslog/toegangsregistratie.ts) in plain words.
const DOEL: Record<string, string> = {
  TOEGANG_JEUGD_WMO: 'Om te bepalen welke hulp u krijgt',
  UITVOERING_TOEWIJZING: 'Om u de hulp te geven',
  // Own reads are not in the log: a resident in it is an adult of the household who looked.
  INZAGE_BETROKKENE: 'Iemand uit uw huishouden bekeek het plan van uw gezin',
  VERANTWOORDING: 'Om het werk van de gemeente te controleren',
}

/** A failed action's own message (the graph's messages are Dutch), else a plain one. */
const foutVan = (errors: GraphQLErrorItem[]) => errors[0]?.message ?? 'Dat lukte niet. Probeer het opnieuw.'

export function Mijn() {
  const [token] = useState(tokenFromAddress)
  const claims = useMemo(() => (token ? claimsOf(token) : {}), [token])
  // The gemeente's own website links here with ?gemeente=<CBS code>; otherwise the resident picks it.
  const [gemeente, setGemeente] = useState(
    () => new URLSearchParams(window.location.search).get('gemeente') ?? '',
  )
  const [gemeenten, setGemeenten] = useState<{ code: string; naam: string }[]>([])
  const [mij, setMij] = useState<Mij | null>(null)
  const [fout, setFout] = useState<string | null>(null)
  const [melding, setMelding] = useState<string | null>(null)

  useEffect(() => {
    if (!token) return
    request(token, GEMEENTEN, {})
      .then(({ data }) => setGemeenten(data!.gemeenten))
      .catch(() => setGemeenten([]))
  }, [token])

  // The answer of the last request only: a slow answer for the gemeente chosen before must not
  // show under the name of the one chosen now.
  const laatste = useRef(0)
  const laden = useCallback(async () => {
    if (!token || !gemeente) return
    const dit = ++laatste.current
    try {
      const { data, errors } = await request(token, MIJN_OVERZICHT, { g: gemeente })
      if (dit !== laatste.current) return
      // `mij` is nullable: a resident this gemeente does not know, or a gemeente that does not
      // answer, comes back as data with mij null and the reason in the errors.
      if (!data!.mij)
        throw new RequestFailed(errors[0]?.message ?? 'Er ging iets mis.', errors[0]?.extensions?.code)
      setMij(data!.mij)
      setFout(null)
    } catch (err) {
      if (dit !== laatste.current) return
      setMij(null)
      setFout(
        err instanceof RequestFailed && err.code === 'GEMEENTE_UNAVAILABLE'
          ? 'Uw gemeente is nu niet bereikbaar. Probeer het later nog een keer.'
          : err instanceof RequestFailed && err.code === 'NOT_FOUND'
            ? 'Wij vinden u niet bij deze gemeente. Kies de gemeente waar u woont.'
            : err instanceof Error
              ? err.message
              : String(err),
      )
    }
  }, [token, gemeente])
  useEffect(() => {
    void laden()
  }, [laden])

  if (!token || (claims.rol && claims.rol !== 'INWONER')) {
    return (
      <Page title="Mijn ondersteuning">
        <Alert type="warning">Log eerst in met DigiD. Dan ziet u hier uw eigen gegevens.</Alert>
      </Page>
    )
  }

  const naamGemeente = gemeenten.find((g) => g.code === gemeente)?.naam
  return (
    <Page
      title="Mijn ondersteuning"
      subtitle={
        mij
          ? `Welkom, ${mij.inwoner.voornamen} ${mij.inwoner.achternaam}. Hier ziet u uw plan, uw hulp en wie uw gegevens heeft bekeken.`
          : 'Hier ziet u uw plan, uw hulp en wie uw gegevens heeft bekeken.'
      }
    >
      <SelectField
        label="Uw gemeente"
        value={gemeente}
        onChange={(code) => {
          setGemeente(code)
          const url = new URL(window.location.href)
          url.searchParams.set('gemeente', code)
          history.replaceState(null, '', url.pathname + url.search)
        }}
        options={[
          { value: '', label: 'Kies uw gemeente' },
          ...gemeenten.map((g) => ({ value: g.code, label: g.naam })),
        ]}
      />
      {fout && <Alert type="error">{fout}</Alert>}
      {melding && <Alert type="ok">{melding}</Alert>}
      {mij && naamGemeente && <Paragraph>U bekijkt uw gegevens bij de gemeente {naamGemeente}.</Paragraph>}
      {mij && (
        <>
          <Plan mij={mij} gemeente={gemeente} token={token} na={laden} melding={setMelding} />
          <Hulp mij={mij} gemeente={gemeente} token={token} melding={setMelding} />
          {/* A page per gemeente: more pages loaded for one never join another's. */}
          <Inzage key={gemeente} mij={mij} gemeente={gemeente} token={token} />
        </>
      )}
    </Page>
  )
}

interface ActieProps {
  mij: Mij
  gemeente: string
  token: string
  melding: (tekst: string | null) => void
}

function Plan({ mij, gemeente, token, na, melding }: ActieProps & { na: () => Promise<void> }) {
  const plannen = mij.plannen
  return (
    <Section title="Mijn plan">
      {!mij.volwassen && (
        <Paragraph>U bent jonger dan 18. U ziet hier alleen de hulp die voor u zelf is.</Paragraph>
      )}
      {mij.volwassen && mij.inwoner.verhuisdOp && (
        <Paragraph>
          U bent op {datum(mij.inwoner.verhuisdOp)} verhuisd. U ziet hier alleen de hulp die voor u zelf is.
        </Paragraph>
      )}
      {plannen.length > 0 && (
        <Table
          caption="Uw plannen"
          head={['Plan', 'Hoe staat het ervoor?', 'Begonnen op', 'Eindigt op']}
          rows={plannen.map((p, i) => [
            `Plan ${i + 1}`,
            PLAN_STATUS[p.status] ?? p.status,
            datum(p.startdatum),
            p.einddatum ? datum(p.einddatum) : 'Nog niet bekend',
          ])}
        />
      )}
      {mij.behoeften.length === 0 ? (
        <Paragraph>Er staat nog geen hulp in uw plan.</Paragraph>
      ) : (
        <>
          <Paragraph>
            In uw plan staat waar u hulp bij krijgt. Bij elke hulpvraag staat ook hoeveel hulp het is (het
            niveau) en wat u wilt bereiken.
          </Paragraph>
          {mij.behoeften.map((b) => (
            <BehoefteKaart
              key={b.id}
              behoefte={b}
              // A minor sees no plans, only their own needs: there the graph decides what may be done.
              afgesloten={plannen.some(
                (p) =>
                  p.status !== 'ACTIEF' && p.status !== 'CONCEPT' && p.behoeften.some((x) => x.id === b.id),
              )}
              gemeente={gemeente}
              token={token}
              na={na}
              melding={melding}
              mij={mij}
            />
          ))}
        </>
      )}
    </Section>
  )
}

function BehoefteKaart({
  behoefte,
  afgesloten,
  gemeente,
  token,
  na,
  melding,
}: ActieProps & { behoefte: Behoefte; afgesloten: boolean; na: () => Promise<void> }) {
  const [keuzeOpen, setKeuzeOpen] = useState(false)
  return (
    <article className="app-kaart" aria-label={`Hulp: ${behoefte.naam}`} data-testid="behoefte">
      <Heading3>{behoefte.naam}</Heading3>
      <Paragraph>
        Voor: {behoefte.inwoner.voornamen}. Niveau {behoefte.niveau}: {behoefte.niveauUitleg}
      </Paragraph>
      <Paragraph>
        {behoefte.gekozenAanbieder
          ? `Uw zorgaanbieder: ${behoefte.gekozenAanbieder.naam}. ${behoefte.gekozenDoor === 'INWONER' ? 'U hebt deze zelf gekozen.' : 'De gemeente heeft deze met u gekozen.'}`
          : 'U hebt nog geen zorgaanbieder gekozen.'}
      </Paragraph>
      {afgesloten ? (
        <Paragraph>Het plan met deze hulp is klaar.</Paragraph>
      ) : (
        <div className="app-acties">
          <Button secondary={!!behoefte.gekozenAanbieder} onClick={() => setKeuzeOpen(!keuzeOpen)}>
            {keuzeOpen ? 'Verberg de zorgaanbieders' : 'Bekijk de zorgaanbieders'}
          </Button>
        </div>
      )}
      {keuzeOpen && (
        <Keuzelijst
          behoefte={behoefte}
          gemeente={gemeente}
          token={token}
          gekozen={async (naam) => {
            setKeuzeOpen(false)
            melding(`U hebt ${naam} gekozen. De gemeente regelt de rest.`)
            await na()
          }}
        />
      )}
      {behoefte.resultaten.length > 0 && (
        <>
          <Heading3>Wat u wilt bereiken</Heading3>
          {behoefte.resultaten.map((r) => (
            <Resultaat
              key={r.id}
              resultaat={r}
              afgesloten={afgesloten}
              gemeente={gemeente}
              token={token}
              na={na}
              melding={melding}
            />
          ))}
        </>
      )}
    </article>
  )
}

function Keuzelijst({
  behoefte,
  gemeente,
  token,
  gekozen,
}: {
  behoefte: Behoefte
  gemeente: string
  token: string
  gekozen: (naam: string) => Promise<void>
}) {
  const [lijst, setLijst] = useState<MijnKeuzelijstQuery['keuzeVoorBehoefte'] | null>(null)
  const [fout, setFout] = useState<string | null>(null)
  const [bezig, setBezig] = useState<string | null>(null)
  useEffect(() => {
    request(token, KEUZELIJST, { g: gemeente, b: behoefte.id })
      .then(({ data }) => setLijst(data!.keuzeVoorBehoefte ?? []))
      .catch((err: unknown) => setFout(err instanceof Error ? err.message : String(err)))
  }, [token, gemeente, behoefte.id])

  async function kies(agbCode: string, naam: string) {
    setBezig(agbCode)
    try {
      const { errors } = await request(token, KIEZEN, {
        g: gemeente,
        b: behoefte.id,
        agb: agbCode,
        k: idempotentieSleutel(),
      })
      if (errors.length) setFout(foutVan(errors))
      else await gekozen(naam)
    } catch (err) {
      setFout(err instanceof Error ? err.message : String(err))
    } finally {
      setBezig(null)
    }
  }

  if (fout) return <Alert type="error">{fout}</Alert>
  if (!lijst) return <Alert type="info">De zorgaanbieders worden opgehaald…</Alert>
  if (lijst.length === 0)
    return <Paragraph>Voor deze hulp zijn nu geen zorgaanbieders te kiezen. Bel de gemeente.</Paragraph>
  return (
    <Table
      caption={`Zorgaanbieders die u kunt kiezen voor: ${behoefte.naam}`}
      testId="keuzelijst"
      head={[
        'Zorgaanbieder',
        'Wachttijd',
        'Waar ze goed in zijn',
        'Cijfer van inwoners',
        'Doelen gehaald',
        'Kiezen',
      ]}
      rows={lijst.map((a) => {
        const hier = a.behaaldeResultaten.find(
          (r) => r.ondersteuningsbehoefte === behoefte.code && r.niveau === behoefte.niveau,
        )
        const behaald = hier?.aandeelBehaald ?? a.behaaldTotaal.aandeelBehaald
        const isGekozen = behoefte.gekozenAanbieder?.agbCode === a.agbCode
        return [
          `${a.naam}${a.locaties.length ? ` (${[...new Set(a.locaties.map((l) => l.plaats))].join(', ')})` : ''}`,
          a.wachttijdWeken === null || a.wachttijdWeken === undefined
            ? 'Niet bekend'
            : a.wachttijdWeken === 0
              ? 'Geen wachttijd'
              : `${a.wachttijdWeken} ${a.wachttijdWeken === 1 ? 'week' : 'weken'}`,
          a.specialisaties.map((s) => s.naam).join(', ') || 'Geen bijzonderheden',
          a.waardering.gemiddelde === null || a.waardering.gemiddelde === undefined
            ? 'Nog te weinig cijfers'
            : `${a.waardering.gemiddelde.toLocaleString('nl-NL', { maximumFractionDigits: 1 })} van 5 (${a.waardering.aantal} keer)`,
          behaald === null || behaald === undefined
            ? 'Nog te weinig gegevens'
            : `${percentage(behaald)} ${hier ? 'bij deze hulp' : 'bij alle hulp'}`,
          isGekozen ? (
            'Uw keuze'
          ) : (
            <Button
              busy={bezig === a.agbCode}
              label={`Kies ${a.naam}`}
              onClick={() => void kies(a.agbCode, a.naam)}
            >
              Kies
            </Button>
          ),
        ]
      })}
    />
  )
}

function Resultaat({
  resultaat,
  afgesloten,
  gemeente,
  token,
  na,
  melding,
}: {
  resultaat: Behoefte['resultaten'][number]
  afgesloten: boolean
  gemeente: string
  token: string
  na: () => Promise<void>
  melding: (tekst: string | null) => void
}) {
  const [open, setOpen] = useState(false)
  const [voortgang, setVoortgang] = useState('50')
  const [toelichting, setToelichting] = useState('')
  const [fout, setFout] = useState<string | null>(null)
  const [bezig, setBezig] = useState(false)

  async function opslaan() {
    setBezig(true)
    try {
      const { errors } = await request(token, EVALUEREN, {
        g: gemeente,
        invoer: { resultaatId: resultaat.id, voortgang: Number(voortgang), toelichting },
        k: idempotentieSleutel(),
      })
      if (errors.length) setFout(foutVan(errors))
      else {
        setOpen(false)
        setFout(null)
        melding('Dank u wel. Uw mening is opgeslagen.')
        await na()
      }
    } catch (err) {
      setFout(err instanceof Error ? err.message : String(err))
    } finally {
      setBezig(false)
    }
  }

  return (
    <div className="app-resultaat" data-testid="resultaat">
      <Paragraph>
        <strong>{resultaat.omschrijving}</strong> Doel: {datum(resultaat.streefdatum)}.{' '}
        {resultaat.uitkomst ? `Uitkomst: ${UITKOMST[resultaat.uitkomst]}.` : 'Nog bezig.'}
      </Paragraph>
      {resultaat.evaluaties.length > 0 && (
        <Table
          caption={`Hoe gaat het met: ${resultaat.omschrijving}`}
          head={['Datum', 'Wie', 'Hoe ver (procent)', 'Wat zij zeggen']}
          numeric={[2]}
          rows={resultaat.evaluaties.map((e) => [
            datum(e.datum),
            DOOR[e.door] ?? e.door,
            `${e.voortgang}%`,
            e.toelichting,
          ])}
        />
      )}
      {!resultaat.uitkomst && !afgesloten && (
        <div className="app-acties">
          <Button secondary onClick={() => setOpen(!open)}>
            {open ? 'Sluiten' : 'Zeg hoe het gaat'}
          </Button>
        </div>
      )}
      {open && (
        <form
          aria-label={`Zeg hoe het gaat met: ${resultaat.omschrijving}`}
          onSubmit={(e) => {
            e.preventDefault()
            void opslaan()
          }}
        >
          <TextField
            label="Hoe ver bent u? (0 tot en met 100 procent)"
            type="number"
            min={0}
            max={100}
            value={voortgang}
            onChange={setVoortgang}
            required
          />
          <TextField
            label="Hoe gaat het? Schrijf het in een paar woorden."
            multiline
            value={toelichting}
            onChange={setToelichting}
            required
          />
          {fout && <Alert type="error">{fout}</Alert>}
          <Button type="submit" busy={bezig}>
            Opslaan
          </Button>
        </form>
      )}
    </div>
  )
}

function Hulp({ mij, gemeente, token, melding }: ActieProps) {
  return (
    <Section title="Mijn hulp">
      {mij.toewijzingen.length === 0 ? (
        <Paragraph>U krijgt nu nog geen hulp van een zorgaanbieder.</Paragraph>
      ) : (
        <>
          <Table
            caption="Hulp die de gemeente aan u heeft toegekend"
            testId="toewijzingen"
            head={['Hulp', 'Zorgaanbieder', 'Van', 'Tot en met', 'Hoe staat het ervoor?']}
            rows={mij.toewijzingen.map((t) => [
              t.behoefte.naam,
              t.aanbieder.naam,
              datum(t.ingangsdatum),
              datum(t.einddatum),
              TOEWIJZING_STATUS[t.status] ?? t.status,
            ])}
          />
          {mij.toewijzingen
            .filter((t) => t.status === 'BEEINDIGD')
            .map((t) => (
              <Waarderen key={t.id} toewijzing={t} gemeente={gemeente} token={token} melding={melding} />
            ))}
        </>
      )}
    </Section>
  )
}

function Waarderen({
  toewijzing,
  gemeente,
  token,
  melding,
}: {
  toewijzing: Mij['toewijzingen'][number]
  gemeente: string
  token: string
  melding: (tekst: string | null) => void
}) {
  const [score, setScore] = useState('')
  const [toelichting, setToelichting] = useState('')
  const [fout, setFout] = useState<string | null>(null)
  const [gegeven, setGegeven] = useState<number | null>(null)
  const [bezig, setBezig] = useState(false)
  if (gegeven !== null)
    return (
      <Paragraph>
        U gaf {toewijzing.aanbieder.naam} een {gegeven} van 5. Dank u wel.
      </Paragraph>
    )
  return (
    <form
      className="app-kaart"
      aria-label={`Geef ${toewijzing.aanbieder.naam} een cijfer`}
      onSubmit={async (e) => {
        e.preventDefault()
        if (!score) return setFout('Kies eerst een cijfer.')
        setBezig(true)
        try {
          const { data, errors } = await request(token, WAARDEREN, {
            g: gemeente,
            t: toewijzing.id,
            score: Number(score),
            toelichting: toelichting || null,
            k: idempotentieSleutel(),
          })
          if (errors.length || !data?.aanbiederWaarderen) setFout(foutVan(errors))
          else {
            setGegeven(data.aanbiederWaarderen.score)
            melding(`Dank u wel. Uw cijfer voor ${toewijzing.aanbieder.naam} is opgeslagen.`)
          }
        } catch (err) {
          setFout(err instanceof Error ? err.message : String(err))
        } finally {
          setBezig(false)
        }
      }}
    >
      <Heading3>Hoe vond u de hulp van {toewijzing.aanbieder.naam}?</Heading3>
      <Paragraph>
        Uw cijfer helpt andere inwoners kiezen. De zorgaanbieder ziet uw cijfer, maar niet uw naam.
      </Paragraph>
      <SelectField
        label="Uw cijfer (1 is slecht, 5 is heel goed)"
        value={score}
        onChange={setScore}
        options={[
          { value: '', label: 'Kies een cijfer' },
          ...[1, 2, 3, 4, 5].map((n) => ({ value: String(n), label: String(n) })),
        ]}
      />
      <TextField
        label="Wilt u iets uitleggen? (mag leeg blijven)"
        multiline
        value={toelichting}
        onChange={setToelichting}
      />
      {fout && <Alert type="error">{fout}</Alert>}
      <Button type="submit" busy={bezig}>
        Cijfer geven
      </Button>
    </form>
  )
}

function Inzage({ mij, gemeente, token }: Omit<ActieProps, 'melding'>) {
  const eerste = mij.toegangslog
  // Entries after the first page, loaded with "Meer tonen" (a new overview starts again).
  const [verder, setVerder] = useState<{
    edges: typeof eerste.edges
    pageInfo: typeof eerste.pageInfo
  } | null>(null)
  const [bezig, setBezig] = useState(false)
  const [fout, setFout] = useState<string | null>(null)
  useEffect(() => setVerder(null), [eerste])
  const log = { ...eerste, edges: [...eerste.edges, ...(verder?.edges ?? [])] }
  const pageInfo = verder?.pageInfo ?? eerste.pageInfo
  const meer = async () => {
    setBezig(true)
    try {
      const { data } = await request(token, MIJN_TOEGANGSLOG, { g: gemeente, na: pageInfo.endCursor! })
      const pagina = data!.mij!.toegangslog
      setVerder({ edges: [...(verder?.edges ?? []), ...pagina.edges], pageInfo: pagina.pageInfo })
      setFout(null)
    } catch {
      setFout('Het lukte niet om meer te laden. Probeer het nog een keer.')
    } finally {
      setBezig(false)
    }
  }
  return (
    <Section title="Wie heeft mijn gegevens bekeken?">
      <Paragraph>
        De gemeente houdt bij wie uw gegevens bekijkt of verandert, en waarom. Dat is de wet (NEN 7513). Als u
        zelf kijkt, staat dat hier niet.
      </Paragraph>
      {log.edges.length === 0 ? (
        <Paragraph>Niemand anders heeft uw gegevens bekeken.</Paragraph>
      ) : (
        <Table
          caption={`De eerste ${log.edges.length} keer van de ${log.totalCount}, de oudste bovenaan`}
          testId="toegangslog"
          head={['Wanneer', 'Wie', 'Wat', 'Waarom']}
          rows={log.edges.map(({ node }) => [
            tijdstip(node.tijdstip),
            `${node.gebruikerNaam} (${ROL[node.rol] ?? node.rol})`,
            node.gebeurtenis === 'WIJZIGEN' ? 'Veranderd' : 'Bekeken',
            DOEL[node.doel] ?? node.doel,
          ])}
        />
      )}
      {fout && <Alert type="error">{fout}</Alert>}
      {pageInfo.hasNextPage && pageInfo.endCursor && (
        <Button secondary busy={bezig} onClick={() => void meer()}>
          Meer tonen
        </Button>
      )}
    </Section>
  )
}
