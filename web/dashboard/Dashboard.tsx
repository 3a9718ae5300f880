import { useEffect, useMemo, useState } from 'react'
import { graphql } from '../generated'
import type { CijferVeldenFragment as Cijfers } from '../generated/graphql'
import { claimsOf, request, RequestFailed, tokenFromAddress, type GraphQLErrorItem } from '../shared/client'
import { aantal, euroUitCent, maand, percentage } from '../shared/format'
import { Grafiek, toon } from '../shared/Grafiek'
import { Sturing } from './Sturing'
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Page,
  Paragraph,
  Section,
  SelectField,
  Table,
  TextField,
} from '../shared/ui'
import { aandeelBehaald, actievePlannen, behoeftenIn, NIVEAUS, totaal, totaalTekst } from './cijfers'

graphql(`
  fragment CijferVelden on Cijferoverzicht {
    gemeenten
    actievePlannen {
      ondersteuningsbehoefte
      niveau
      aantal
    }
    toewijzingen {
      agbCode
      aantal
      budgetCent
    }
    resultaten {
      ondersteuningsbehoefte
      beoordeeld
      aandeelBehaald
      aandeelDeelsBehaald
    }
    meldingen {
      ontvangen
      zonderMaatwerk
      aandeelZonderMaatwerk
      eigenKracht
      netwerk
      algemeneVoorziening
    }
    doorlooptijden {
      ondersteuningsbehoefte
      traject
      aantal
      mediaanDagen
      p90Dagen
    }
    wachttijden {
      agbCode
      aantal
      mediaanDagen
      p90Dagen
    }
    kostenPerResultaat {
      ondersteuningsbehoefte
      niveau
      kostenCent
      behaald
      kostenPerBehaaldResultaatCent
    }
    niveauwijzigingen {
      ondersteuningsbehoefte
      omhoog
      omlaag
    }
    perMaand {
      maand
      meldingen {
        ontvangen
        zonderMaatwerk
      }
      toewijzingen {
        aantal
        budgetCent
      }
    }
  }
`)

/** The analyst's view: the region and every gemeente, side by side. */
const REGIO_DASHBOARD = graphql(`
  query RegioDashboard($periode: Maandperiode) {
    ondersteuningsbehoeften {
      code
      naam
    }
    aanbieders(eerste: 100) {
      edges {
        node {
          agbCode
          naam
        }
      }
    }
    regio {
      cijfers(periode: $periode) {
        ...CijferVelden
      }
    }
    gemeenten {
      code
      naam
      ondersteuningsbehoeften {
        code
        naam
      }
      cijfers(periode: $periode) {
        ...CijferVelden
      }
    }
  }
`)

/** A gemeente's staff: their own gemeente's figures only (the region's are the analyst's). */
const GEMEENTE_DASHBOARD = graphql(`
  query GemeenteDashboard($code: ID!, $periode: Maandperiode) {
    ondersteuningsbehoeften {
      code
      naam
    }
    aanbieders(eerste: 100) {
      edges {
        node {
          agbCode
          naam
        }
      }
    }
    gemeenten {
      code
      naam
    }
    gemeente(code: $code) {
      code
      naam
      ondersteuningsbehoeften {
        code
        naam
      }
      cijfers(periode: $periode) {
        ...CijferVelden
      }
    }
  }
`)

interface GemeenteCijfers {
  code: string
  naam: string
  /** Null when the gemeente could not answer. */
  cijfers: Cijfers | null
}

interface Gegevens {
  regio: Cijfers | null
  gemeenten: GemeenteCijfers[]
  behoefteNamen: Map<string, string>
  aanbiederNamen: Map<string, string>
  /** Gemeenten that did not answer, by code. */
  nietBeschikbaar: Set<string>
}

const REGIO = 'REGIO'

function nietBeschikbaarIn(errors: GraphQLErrorItem[]): Set<string> {
  return new Set(
    errors
      .filter((e) => e.extensions?.code === 'GEMEENTE_UNAVAILABLE' && e.extensions.gemeente)
      .map((e) => e.extensions!.gemeente as string),
  )
}

export function Dashboard() {
  const [token] = useState(tokenFromAddress)
  const claims = useMemo(() => (token ? claimsOf(token) : {}), [token])
  const analist = claims.rol === 'ANALIST'
  const eigenGemeente = claims.gemeente
  const nu = new Date()
  const [van, setVan] = useState(maand(nu, 11))
  const [tot, setTot] = useState(maand(nu))
  const [scope, setScope] = useState(analist ? REGIO : (eigenGemeente ?? REGIO))
  const [behoefte, setBehoefte] = useState('')
  const [vergelijk, setVergelijk] = useState<Set<string> | null>(null)
  const [gegevens, setGegevens] = useState<Gegevens | null>(null)
  const [fout, setFout] = useState<string | null>(null)
  const [laden, setLaden] = useState(false)

  useEffect(() => {
    if (!token || !(analist || eigenGemeente)) return
    let actueel = true
    setLaden(true)
    const periode = van && tot && van <= tot ? { van, tot } : null
    const ophalen = async (): Promise<Gegevens> => {
      if (analist) {
        const { data, errors } = await request(token, REGIO_DASHBOARD, { periode })
        const nietBeschikbaar = nietBeschikbaarIn(errors)
        for (const g of data!.gemeenten) if (!g.cijfers) nietBeschikbaar.add(g.code)
        return {
          regio: data!.regio.cijfers ?? null,
          gemeenten: data!.gemeenten.map((g) => ({ code: g.code, naam: g.naam, cijfers: g.cijfers ?? null })),
          // The catalogue's needs, and those a gemeente buys itself (own procurement) under its own codes.
          behoefteNamen: new Map([
            ...data!.ondersteuningsbehoeften.map((b) => [b.code, b.naam] as const),
            ...data!.gemeenten.flatMap((g) =>
              (g.ondersteuningsbehoeften ?? []).map((b) => [b.code, b.naam] as const),
            ),
          ]),
          aanbiederNamen: new Map(data!.aanbieders.edges.map((e) => [e.node.agbCode, e.node.naam])),
          nietBeschikbaar,
        }
      }
      const { data, errors } = await request(token, GEMEENTE_DASHBOARD, { code: eigenGemeente!, periode })
      const nietBeschikbaar = nietBeschikbaarIn(errors)
      const g = data!.gemeente
      const naam = data!.gemeenten.find((x) => x.code === eigenGemeente)?.naam ?? eigenGemeente!
      if (!g?.cijfers) nietBeschikbaar.add(eigenGemeente!)
      return {
        regio: null,
        gemeenten: [{ code: eigenGemeente!, naam, cijfers: g?.cijfers ?? null }],
        behoefteNamen: new Map([
          ...data!.ondersteuningsbehoeften.map((b) => [b.code, b.naam] as const),
          ...(g?.ondersteuningsbehoeften ?? []).map((b) => [b.code, b.naam] as const),
        ]),
        aanbiederNamen: new Map(data!.aanbieders.edges.map((e) => [e.node.agbCode, e.node.naam])),
        nietBeschikbaar,
      }
    }
    ophalen()
      .then((g) => actueel && (setGegevens(g), setFout(null)))
      .catch((err: unknown) => actueel && setFout(err instanceof RequestFailed ? err.message : String(err)))
      .finally(() => actueel && setLaden(false))
    return () => {
      actueel = false
    }
  }, [token, analist, eigenGemeente, van, tot])

  if (!token || !(analist || eigenGemeente)) {
    return (
      <Page title="Regionaal dashboard">
        <Alert type="warning">
          Dit dashboard is voor de regionale analist en voor medewerkers van een gemeente. Log in via de
          inlogpagina van uw organisatie.
        </Alert>
      </Page>
    )
  }

  const naamVan = (code: string) => gegevens?.behoefteNamen.get(code) ?? code
  const aanbiederVan = (agb: string) => gegevens?.aanbiederNamen.get(agb) ?? `AGB ${agb}`
  const gekozen: Cijfers | null =
    scope === REGIO
      ? (gegevens?.regio ?? null)
      : (gegevens?.gemeenten.find((g) => g.code === scope)?.cijfers ?? null)
  const alleCijfers = [gegevens?.regio, ...(gegevens?.gemeenten ?? []).map((g) => g.cijfers)].filter(
    (c): c is Cijfers => !!c,
  )
  const behoeften = behoeftenIn(alleCijfers)
  const gemeenteNaam = (code: string) => gegevens?.gemeenten.find((g) => g.code === code)?.naam ?? code
  const scopeNaam = scope === REGIO ? 'Regio Twente' : gemeenteNaam(scope)
  const nietBeschikbaar = [...(gegevens?.nietBeschikbaar ?? [])].sort()
  const teVergelijken = (gegevens?.gemeenten ?? []).filter((g) => !vergelijk || vergelijk.has(g.code))
  const behoefteLabel = behoefte ? naamVan(behoefte) : 'alle behoeften'

  return (
    <Page
      title="Regionaal dashboard"
      subtitle={
        analist
          ? 'Cijfers van de 14 Twentse gemeenten en de regio. Geen personen: aantallen onder 10 zijn verborgen, andere afgerond op 5.'
          : `Cijfers van uw gemeente. Geen personen: aantallen onder 10 zijn verborgen, andere afgerond op 5.`
      }
    >
      <form className="app-filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <SelectField
          label="Gemeente"
          value={scope}
          onChange={setScope}
          options={[
            ...(analist ? [{ value: REGIO, label: 'Regio Twente (alle gemeenten)' }] : []),
            ...(gegevens?.gemeenten ?? []).map((g) => ({ value: g.code, label: `${g.naam} (${g.code})` })),
          ]}
        />
        <TextField label="Periode van (maand)" type="month" value={van} onChange={setVan} max={tot} />
        <TextField label="Periode tot en met (maand)" type="month" value={tot} onChange={setTot} min={van} />
        <SelectField
          label="Ondersteuningsbehoefte"
          value={behoefte}
          onChange={setBehoefte}
          options={[
            { value: '', label: 'Alle behoeften' },
            ...behoeften.map((b) => ({ value: b, label: `${naamVan(b)} (${b})` })),
          ]}
        />
      </form>
      <Paragraph>
        De periode geldt voor toewijzingen (die in de periode ingaan). Actieve plannen en resultaten zijn de
        stand van vandaag.
      </Paragraph>

      {laden && <Alert type="info">De cijfers worden opgehaald…</Alert>}
      {fout && <Alert type="error">De cijfers konden niet worden opgehaald: {fout}</Alert>}
      {nietBeschikbaar.length > 0 && (
        <Alert type="warning">
          <span data-testid="niet-beschikbaar">
            Niet beschikbaar: {nietBeschikbaar.map((c) => `${gemeenteNaam(c)} (${c})`).join(', ')}.
          </span>{' '}
          De cijfers van deze gemeente{nietBeschikbaar.length > 1 ? 'n' : ''} ontbreken; de regiocijfers zijn
          zonder {nietBeschikbaar.length > 1 ? 'deze gemeenten' : 'deze gemeente'} berekend.
        </Alert>
      )}

      {gegevens && analist && (
        <Section title="Gemeenten naast elkaar">
          <Fieldset legend="Welke gemeenten vergelijkt u?">
            <div className="app-vergelijk">
              {gegevens.gemeenten.map((g) => (
                <Checkbox
                  key={g.code}
                  label={g.naam}
                  checked={!vergelijk || vergelijk.has(g.code)}
                  onChange={(aan) => {
                    const volgende = new Set(vergelijk ?? gegevens.gemeenten.map((x) => x.code))
                    if (aan) volgende.add(g.code)
                    else volgende.delete(g.code)
                    setVergelijk(volgende)
                  }}
                />
              ))}
            </div>
            <div className="app-acties">
              <Button secondary onClick={() => setVergelijk(null)}>
                Alle gemeenten
              </Button>
            </div>
          </Fieldset>
          <Grafiek
            titel={`Aandeel resultaten behaald per gemeente, ${behoefteLabel} (procent)`}
            eersteKolom="Gemeente"
            labels={teVergelijken.filter((g) => g.cijfers).map((g) => g.naam)}
            reeksen={[
              {
                naam: 'Behaald',
                waarden: teVergelijken
                  .filter((g) => g.cijfers)
                  .map((g) => pct(aandeelBehaald(g.cijfers!, behoefte))),
              },
            ]}
            format={(n) => `${n}%`}
            testId="grafiek-vergelijking"
          />
          <Table
            caption={`Gemeenten vergeleken, ${behoefteLabel}`}
            testId="tabel-vergelijking"
            head={[
              'Gemeente',
              'Actieve plannen',
              'Toewijzingen in de periode',
              'Budget toewijzingen',
              'Resultaten behaald',
            ]}
            numeric={[1, 2, 3, 4]}
            rows={teVergelijken.map((g) => {
              if (!g.cijfers)
                return [
                  g.naam,
                  'niet beschikbaar',
                  'niet beschikbaar',
                  'niet beschikbaar',
                  'niet beschikbaar',
                ]
              const toew = totaal(g.cijfers.toewijzingen.map((t) => t.aantal))
              const budget = totaal(g.cijfers.toewijzingen.map((t) => t.budgetCent))
              return [
                g.naam,
                totaalTekst(actievePlannen(g.cijfers, behoefte), aantal),
                totaalTekst(toew, aantal),
                totaalTekst(budget, euroUitCent),
                toon(aandeelBehaald(g.cijfers, behoefte), percentage),
              ]
            })}
          />
        </Section>
      )}

      {gegevens && !gekozen && (
        <Alert type="warning">De cijfers van {scopeNaam} zijn nu niet beschikbaar.</Alert>
      )}
      {gekozen && (
        <ScopeCijfers
          cijfers={gekozen}
          scopeNaam={scopeNaam}
          behoefte={behoefte}
          naamVan={naamVan}
          aanbiederVan={aanbiederVan}
          periode={`${van} tot en met ${tot}`}
        />
      )}
      {gekozen && (
        <Sturing
          cijfers={gekozen}
          scopeNaam={scopeNaam}
          behoefte={behoefte}
          naamVan={naamVan}
          aanbiederVan={aanbiederVan}
        />
      )}
    </Page>
  )
}

function ScopeCijfers({
  cijfers,
  scopeNaam,
  behoefte,
  naamVan,
  aanbiederVan,
  periode,
}: {
  cijfers: Cijfers
  scopeNaam: string
  behoefte: string
  naamVan: (code: string) => string
  aanbiederVan: (agb: string) => string
  periode: string
}) {
  const codes = [...new Set(cijfers.actievePlannen.map((p) => p.ondersteuningsbehoefte))]
    .filter((c) => !behoefte || c === behoefte)
    .sort()
  const plannen = (code: string, niveau: string) =>
    cijfers.actievePlannen.find((p) => p.ondersteuningsbehoefte === code && p.niveau === niveau)
  const toewijzingen = [...cijfers.toewijzingen].sort((a, b) => (b.aantal ?? -1) - (a.aantal ?? -1))
  const resultaten = cijfers.resultaten.filter((r) => !behoefte || r.ondersteuningsbehoefte === behoefte)
  return (
    <>
      <Section title={`Actieve plannen per behoefte en niveau: ${scopeNaam}`}>
        <Grafiek
          titel={`Actieve plannen per behoefte en niveau, ${scopeNaam}`}
          eersteKolom="Ondersteuningsbehoefte"
          labels={codes.map(naamVan)}
          reeksen={NIVEAUS.map((n) => ({
            naam: `Niveau ${n}`,
            waarden: codes.map((c) => {
              const p = plannen(c, n)
              return p ? (p.aantal ?? null) : 0
            }),
          }))}
          gestapeld
          testId="grafiek-plannen"
        />
      </Section>
      <Section title={`Toewijzingen per aanbieder: ${scopeNaam}, ${periode}`}>
        {toewijzingen.length === 0 ? (
          <Paragraph>Geen toewijzingen in deze periode.</Paragraph>
        ) : (
          <>
            <Grafiek
              titel={`Toewijzingen per aanbieder, ${scopeNaam}`}
              eersteKolom="Aanbieder"
              labels={toewijzingen.map((t) => aanbiederVan(t.agbCode))}
              reeksen={[{ naam: 'Toewijzingen', waarden: toewijzingen.map((t) => t.aantal ?? null) }]}
              testId="grafiek-toewijzingen"
            />
            <Table
              caption={`Budget per aanbieder, ${scopeNaam}`}
              head={['Aanbieder', 'AGB-code', 'Budget', 'Budget per toewijzing']}
              numeric={[2, 3]}
              rows={toewijzingen.map((t) => [
                aanbiederVan(t.agbCode),
                t.agbCode,
                toon(t.budgetCent, euroUitCent),
                t.aantal && t.budgetCent !== null && t.budgetCent !== undefined
                  ? euroUitCent(t.budgetCent / t.aantal)
                  : toon(null),
              ])}
            />
          </>
        )}
      </Section>
      <Section title={`Resultaten behaald: ${scopeNaam}`}>
        <Grafiek
          titel={`Aandeel resultaten behaald per behoefte, ${scopeNaam} (procent)`}
          eersteKolom="Ondersteuningsbehoefte"
          labels={resultaten.map((r) => naamVan(r.ondersteuningsbehoefte))}
          reeksen={[
            { naam: 'Behaald', waarden: resultaten.map((r) => pct(r.aandeelBehaald)) },
            { naam: 'Deels behaald', waarden: resultaten.map((r) => pct(r.aandeelDeelsBehaald)) },
          ]}
          format={(n) => `${n}%`}
          gestapeld
          testId="grafiek-resultaten"
        />
        <Table
          caption={`Beoordeelde resultaten per behoefte, ${scopeNaam}`}
          head={['Ondersteuningsbehoefte', 'Beoordeeld']}
          numeric={[1]}
          rows={resultaten.map((r) => [naamVan(r.ondersteuningsbehoefte), toon(r.beoordeeld, aantal)])}
        />
      </Section>
    </>
  )
}

const pct = (deel: number | null | undefined) =>
  deel === null || deel === undefined ? null : Math.round(deel * 100)
