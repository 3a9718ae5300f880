import type { CijferVeldenFragment } from '../generated/graphql'
import { aantal, euroUitCent, percentage } from '../shared/format'
import { Grafiek, toon } from '../shared/Grafiek'
import { Paragraph, Section, Table } from '../shared/ui'
import { totaal, totaalTekst } from './cijfers'

// The figures for steering (throughput and waiting times, cost per result, requests solved
// without paid support, level changes, and the months): Cijferoverzicht's flow figures.

const TRAJECT: Record<string, string> = {
  MELDING_PLAN: 'Melding tot plan',
  PLAN_TOEWIJZING: 'Plan tot toewijzing',
  TOEWIJZING_START: 'Toewijzing tot start zorg',
  MELDING_START: 'Melding tot start zorg',
}
const dagen = (n: number) => `${n} d`

export function Sturing({
  cijfers,
  scopeNaam,
  behoefte,
  naamVan,
  aanbiederVan,
}: {
  cijfers: CijferVeldenFragment
  scopeNaam: string
  behoefte: string
  naamVan: (code: string) => string
  aanbiederVan: (agb: string) => string
}) {
  const voorBehoefte = <T extends { ondersteuningsbehoefte: string }>(rijen: T[]) =>
    rijen.filter((r) => !behoefte || r.ondersteuningsbehoefte === behoefte)
  const doorloop = voorBehoefte(cijfers.doorlooptijden)
  const trajecten = Object.keys(TRAJECT).filter((t) => doorloop.some((d) => d.traject === t))
  const needs = [...new Set(doorloop.map((d) => d.ondersteuningsbehoefte))].sort()
  const kosten = voorBehoefte(cijfers.kostenPerResultaat)
  const wijzigingen = voorBehoefte(cijfers.niveauwijzigingen)
  const m = cijfers.meldingen
  const maanden = cijfers.perMaand
  return (
    <>
      <Section title={`Doorlooptijden: ${scopeNaam}`}>
        <Paragraph>
          De mediaan in dagen van wat in de periode klaar was. Een vervanging na een wijziging van het plan
          telt niet als nieuwe wachttijd.
        </Paragraph>
        <Grafiek
          titel={`Mediane doorlooptijd in dagen per behoefte, ${scopeNaam}`}
          eersteKolom="Ondersteuningsbehoefte"
          labels={needs.map(naamVan)}
          reeksen={trajecten.map((t) => ({
            naam: TRAJECT[t],
            waarden: needs.map(
              (n) =>
                doorloop.find((d) => d.ondersteuningsbehoefte === n && d.traject === t)?.mediaanDagen ?? null,
            ),
          }))}
          format={dagen}
          testId="grafiek-doorlooptijden"
        />
      </Section>
      <Section title={`Wachttijd per aanbieder: ${scopeNaam}`}>
        <Table
          caption={`Van toewijzing tot start van de zorg, ${scopeNaam}`}
          testId="tabel-wachttijden"
          head={['Aanbieder', 'Gestart', 'Mediaan', '90% binnen']}
          numeric={[1, 2, 3]}
          rows={cijfers.wachttijden.map((w) => [
            aanbiederVan(w.agbCode),
            toon(w.aantal, aantal),
            toon(w.mediaanDagen, dagen),
            toon(w.p90Dagen, dagen),
          ])}
        />
      </Section>
      <Section title={`Kosten per behaald resultaat: ${scopeNaam}`}>
        <Table
          caption={`Geaccepteerde kosten per behaald resultaat, ${scopeNaam}`}
          testId="tabel-kosten"
          head={['Ondersteuningsbehoefte', 'Niveau', 'Kosten', 'Behaald', 'Per behaald resultaat']}
          numeric={[2, 3, 4]}
          rows={kosten.map((k) => [
            naamVan(k.ondersteuningsbehoefte),
            k.niveau,
            toon(k.kostenCent, euroUitCent),
            toon(k.behaald, aantal),
            toon(k.kostenPerBehaaldResultaatCent, euroUitCent),
          ])}
        />
      </Section>
      <Section title={`Meldingen en niveauwijzigingen: ${scopeNaam}`}>
        <Table
          caption={`Meldingen in de periode, ${scopeNaam}`}
          head={['Meldingen', 'Aantal']}
          numeric={[1]}
          rows={[
            ['Ontvangen', toon(m.ontvangen, aantal)],
            ['Opgelost zonder maatwerk', toon(m.zonderMaatwerk, aantal)],
            ['Aandeel zonder maatwerk', toon(m.aandeelZonderMaatwerk, percentage)],
            ['Door eigen kracht', toon(m.eigenKracht, aantal)],
            ['Door het netwerk', toon(m.netwerk, aantal)],
            ['Door een algemene voorziening', toon(m.algemeneVoorziening, aantal)],
          ]}
        />
        <Table
          caption={`Niveauwijzigingen in lopende plannen, ${scopeNaam}`}
          head={['Ondersteuningsbehoefte', 'Omhoog', 'Omlaag']}
          numeric={[1, 2]}
          rows={wijzigingen.map((w) => [
            naamVan(w.ondersteuningsbehoefte),
            toon(w.omhoog, aantal),
            toon(w.omlaag, aantal),
          ])}
        />
      </Section>
      <Section title={`Per maand: ${scopeNaam}`}>
        <Grafiek
          titel={`Meldingen per maand, ${scopeNaam}`}
          soort="line"
          eersteKolom="Maand"
          labels={maanden.map((x) => x.maand)}
          reeksen={[
            { naam: 'Ontvangen', waarden: maanden.map((x) => x.meldingen.ontvangen ?? null) },
            { naam: 'Zonder maatwerk', waarden: maanden.map((x) => x.meldingen.zonderMaatwerk ?? null) },
          ]}
          testId="grafiek-maanden"
        />
        <Table
          caption={`Toewijzingen per maand, ${scopeNaam}`}
          head={['Maand', 'Toewijzingen', 'Budget']}
          numeric={[1, 2]}
          rows={maanden.map((x) => [
            x.maand,
            totaalTekst(totaal(x.toewijzingen.map((t) => t.aantal)), aantal),
            totaalTekst(totaal(x.toewijzingen.map((t) => t.budgetCent)), euroUitCent),
          ])}
        />
      </Section>
    </>
  )
}
