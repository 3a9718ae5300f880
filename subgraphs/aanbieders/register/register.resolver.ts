import { Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql'
import { In, type EntityManager } from 'typeorm'
import { z } from 'zod'
import { isDeadlock, isUniqueViolation } from '../../../shared/db/database'
import { metSchrijfslot } from '../../../shared/db/mutation'
import { aandeel, aandelen, onthul } from '../../../shared/domain/statistiek'
import { Toegestaan } from '../../../shared/graphql/mutation'
import { gemeenteInfo, isGemeenteCode } from '../../../shared/gemeenten'
import { ContractStatus } from '../../../shared/graphql/inschrijving'
import { Niveau } from '../../../shared/ijw/codes'
import { CATALOGUSCODE } from '../aanmelding/aanmelding.rules'
import { Aanbieder } from '../aanbieder/aanbieder.entity'
import { ContractGemeente } from '../contract/contract-gemeente.entity'
import { Contract } from '../contract/contract.entity'
import { Contractperceel } from '../contract/contractperceel.entity'
import type { AanbiedersContext } from '../context'
import { alleenGemeentesysteem, vereisPartij } from '../toegang'
import {
  BehaaldResultaat,
  BehaaldTotaal,
  EigenWaardering,
  RegisterberichtenArgs,
  RegisterberichtenResultaat,
  type RegisterberichtInvoer,
  Waarderingscijfer,
} from './register.types'
import { Uitkomstmelding, Waardering } from './registerbericht.entity'

/** A calendar day as YYYY-MM-DD that exists (not 2025-02-30: the database would refuse it). */
const datum = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(
    (dag) =>
      !Number.isNaN(Date.parse(`${dag}T00:00:00Z`)) &&
      new Date(`${dag}T00:00:00Z`).toISOString().startsWith(dag),
  )
const aantal = z.number().int().min(0).max(10_000)
const basis = {
  id: z.uuid(),
  gemeenteCode: z.string().refine(isGemeenteCode),
  agbCode: z.string().regex(/^\d{8}$/),
}
const uitkomst = z.object({
  ...basis,
  ondersteuningsbehoefte: z.string().min(1).max(30),
  naam: z.string().min(1).max(200),
  niveau: z.enum(['A', 'B', 'C', 'D']),
  afgeslotenOp: datum,
  behaald: aantal,
  deelsBehaald: aantal,
  nietBehaald: aantal,
})
const waardering = z.object({
  ...basis,
  score: z.number().int().min(1).max(5),
  toelichting: z.string().max(1000).nullable(),
  datum,
})

const contract = z.object({
  id: z.uuid(),
  gemeenteCode: z.string().refine((code) => isGemeenteCode(code) && gemeenteInfo(code).inkoop === 'EIGEN'),
  contractId: z.uuid(),
  agbCode: basis.agbCode,
  status: z.enum(ContractStatus),
  ingangsdatum: datum,
  einddatum: datum.nullable(),
  // The column is an INT.
  versie: z.number().int().min(1).max(2_147_483_647),
  percelen: z
    .array(z.object({ ondersteuningsbehoefte: z.string().regex(CATALOGUSCODE), niveau: z.enum(Niveau) }))
    .min(1)
    .max(100)
    // A lot is a need at a level, once: it is the key of the contract's lots.
    .refine(
      (percelen) =>
        new Set(percelen.map((p) => `${p.ondersteuningsbehoefte} ${p.niveau}`)).size === percelen.length,
    ),
})
type ContractInhoud = z.infer<typeof contract>

@Resolver(() => Aanbieder)
export class RegisterResolver {
  @Mutation(() => RegisterberichtenResultaat, {
    description:
      'For gemeente services only: applies outcome reports, ratings and own contracts (Almelo, Hof van Twente) from a ' +
      'gemeente’s outbox. Each message id is applied once; of a contract, the highest version received is kept. A ' +
      'message that cannot be applied is refused on its own, with a reason, so that it does not hold up the messages ' +
      'behind it.',
  })
  // Not through ctx.runMutation: the field has no idempotency key, and needs none. Each message
  // id is applied once (below, in one transaction), so a batch sent again after a lost answer
  // is answered the same without writing twice; a key per batch would only store that answer
  // again, on every delivery round.
  @Toegestaan(alleenGemeentesysteem)
  async registerberichtenVerwerken(
    @Args(() => RegisterberichtenArgs) { berichten }: RegisterberichtenArgs,
    @Ctx() ctx: AanbiedersContext,
  ): Promise<RegisterberichtenResultaat> {
    const { gemeente } = alleenGemeentesysteem(ctx)
    const ontvangenOp = ctx.nu().toISOString()
    const uitkomsten: Uitkomstmelding[] = []
    const waarderingen: Waardering[] = []
    const contracten: ContractInhoud[] = []
    const geweigerd: { id: string; reden: string }[] = []
    const gezien = new Set<string>()
    for (const b of berichten) {
      // Each message id once per batch: the second copy would collide with the first's row.
      if (gezien.has(b.id)) {
        geweigerd.push({ id: b.id, reden: 'Dit bericht staat al eerder in deze zending.' })
        continue
      }
      gezien.add(b.id)
      const reden =
        b.soort === 'CONTRACT'
          ? leesContract(b, gemeente, contracten)
          : leesBericht(b, gemeente, ontvangenOp, uitkomsten, waarderingen)
      if (reden) geweigerd.push({ id: b.id, reden })
    }
    // A contract is a copy of the provider's contract with the gemeente: the provider must be in
    // the registry (by AGB code; a regional contract it need not have).
    const bekend = new Set(
      contracten.length
        ? (await ctx.db.getRepository(Aanbieder).findBy({ id: In(contracten.map((c) => c.agbCode)) })).map(
            (a) => a.id,
          )
        : [],
    )
    const toepasbaar = contracten.filter((c) => {
      if (bekend.has(c.agbCode)) return true
      geweigerd.push({ id: c.id, reden: `Aanbieder ${c.agbCode} staat niet in het register.` })
      return false
    })
    const toepassen = () =>
      ctx.db.transaction(async (tx) => {
        for (const c of toepasbaar) await bewaarEigenContract(tx, c)
        const ids = [...uitkomsten, ...waarderingen].map((b) => b.id)
        if (ids.length === 0) return
        const bekend = new Set([
          ...(await tx.findBy(Uitkomstmelding, { id: In(ids) })).map((u) => u.id),
          ...(await tx.findBy(Waardering, { id: In(ids) })).map((w) => w.id),
        ])
        const nieuweUitkomsten = uitkomsten.filter((u) => !bekend.has(u.id))
        const nieuweWaarderingen = waarderingen.filter((w) => !bekend.has(w.id))
        if (nieuweUitkomsten.length) await tx.insert(Uitkomstmelding, nieuweUitkomsten)
        if (nieuweWaarderingen.length) await tx.insert(Waardering, nieuweWaarderingen)
      })
    // The same batch delivered twice at once (a retry while the first is still applied): the
    // second's rows collide with the first's. Applied once more, it finds them and skips them.
    await toepassen().catch((err: unknown) => {
      if (!isUniqueViolation(err) && !isDeadlock(err)) throw err
      return toepassen()
    })
    return { verwerkt: [...uitkomsten, ...waarderingen, ...toepasbaar].map((b) => b.id), geweigerd }
  }

  @FieldResolver(() => Waarderingscijfer, {
    description: 'Residents’ ratings after their care ended; hidden below 10, as results are.',
  })
  async waardering(@Root() aanbieder: Aanbieder, @Ctx() ctx: AanbiedersContext): Promise<Waarderingscijfer> {
    const [rij] = await ctx.loaders.register.waardering.load(aanbieder.id)
    // The same rule as the results: with one rating, its average would be that resident's score.
    const aantal = onthul(rij?.aantal ?? 0)
    return { gemiddelde: aantal === null ? null : Math.round(rij.gemiddelde * 10) / 10, aantal }
  }

  @FieldResolver(() => [EigenWaardering], {
    nullable: true,
    description:
      'Every rating of this provider with its comment, newest first: for the provider itself and the registry manager only. ' +
      'Comments are shown as the resident wrote them.',
  })
  async eigenWaarderingen(
    @Root() aanbieder: Aanbieder,
    @Ctx() ctx: AanbiedersContext,
  ): Promise<EigenWaardering[] | null> {
    vereisPartij(ctx, aanbieder.id)
    const rijen = await ctx.loaders.register.waarderingen.load(aanbieder.id)
    return rijen.map((w) => ({ score: w.score, toelichting: w.toelichting, datum: w.datum }))
  }

  @FieldResolver(() => [BehaaldResultaat], {
    description:
      'Results achieved per support need and level, from the gemeenten’s reports; small counts hidden as in published statistics.',
  })
  async behaaldeResultaten(
    @Root() aanbieder: Aanbieder,
    @Ctx() ctx: AanbiedersContext,
  ): Promise<BehaaldResultaat[]> {
    const sommen = await ctx.loaders.register.uitkomsten.load(aanbieder.id)
    return sommen.map((s) => {
      const zichtbaar = onthul(s.toewijzingen)
      // Both shares of one base: together they tell the results not reached (see aandelen).
      const [aandeelBehaald, aandeelDeelsBehaald] =
        zichtbaar === null ? [null, null] : aandelen([s.behaald, s.deelsBehaald], s.totaal)
      return {
        ondersteuningsbehoefte: s.code,
        naam: s.naam,
        niveau: s.niveau as Niveau,
        afgeslotenToewijzingen: zichtbaar,
        aandeelBehaald,
        aandeelDeelsBehaald,
      }
    })
  }

  @FieldResolver(() => BehaaldTotaal, {
    description:
      'Results achieved over all needs and levels: visible sooner than per need, with the same rule.',
  })
  async behaaldTotaal(@Root() aanbieder: Aanbieder, @Ctx() ctx: AanbiedersContext): Promise<BehaaldTotaal> {
    const sommen = await ctx.loaders.register.uitkomsten.load(aanbieder.id)
    const toewijzingen = sommen.reduce((n, s) => n + s.toewijzingen, 0)
    const zichtbaar = onthul(toewijzingen)
    const behaald = sommen.reduce((n, s) => n + s.behaald, 0)
    const totaal = sommen.reduce((n, s) => n + s.totaal, 0)
    return {
      afgeslotenToewijzingen: zichtbaar,
      aandeelBehaald: zichtbaar === null ? null : aandeel(behaald, totaal),
    }
  }
}

const GEEN_JSON = Symbol('geen JSON')

/** A message's content, parsed, or GEEN_JSON when it is not JSON. */
function jsonVan(b: RegisterberichtInvoer): unknown {
  try {
    return JSON.parse(b.inhoud)
  } catch {
    return GEEN_JSON
  }
}

/** Reads one message into the lists it belongs to; returns why it cannot be applied, or null. */
function leesBericht(
  b: RegisterberichtInvoer,
  gemeente: string,
  ontvangenOp: string,
  uitkomsten: Uitkomstmelding[],
  waarderingen: Waardering[],
): string | null {
  const inhoud = jsonVan(b)
  if (inhoud === GEEN_JSON) return 'De inhoud is geen JSON.'
  const schema = b.soort === 'UITKOMST' ? uitkomst : b.soort === 'WAARDERING' ? waardering : null
  const parsed = schema?.safeParse(inhoud)
  if (!parsed?.success) return `Geen geldig ${b.soort}-bericht.`
  const data = parsed.data as z.infer<typeof uitkomst> & z.infer<typeof waardering>
  // A gemeente reports only about itself.
  if (data.id !== b.id || data.gemeenteCode !== gemeente)
    return `Het bericht is niet van gemeente ${gemeente}.`
  if (b.soort === 'UITKOMST') {
    uitkomsten.push({
      id: data.id,
      gemeenteCode: data.gemeenteCode,
      agbCode: data.agbCode,
      ondersteuningsbehoefteCode: data.ondersteuningsbehoefte,
      naam: data.naam,
      niveau: data.niveau,
      afgeslotenOp: data.afgeslotenOp,
      behaald: data.behaald,
      deelsBehaald: data.deelsBehaald,
      nietBehaald: data.nietBehaald,
      ontvangenOp,
    })
  } else {
    waarderingen.push({
      id: data.id,
      gemeenteCode: data.gemeenteCode,
      agbCode: data.agbCode,
      score: data.score,
      toelichting: data.toelichting,
      datum: data.datum,
      ontvangenOp,
    })
  }
  return null
}

/** Reads an own contract's message; returns why it cannot be applied, or null. */
function leesContract(
  b: RegisterberichtInvoer,
  gemeente: string,
  contracten: ContractInhoud[],
): string | null {
  const inhoud = jsonVan(b)
  if (inhoud === GEEN_JSON) return 'De inhoud is geen JSON.'
  const parsed = contract.safeParse(inhoud)
  if (!parsed.success) return 'Geen geldig CONTRACT-bericht.'
  // A gemeente reports only its own contracts.
  if (parsed.data.id !== b.id || parsed.data.gemeenteCode !== gemeente)
    return `Het bericht is niet van gemeente ${gemeente}.`
  contracten.push(parsed.data)
  return null
}

/**
 * Keeps the gemeente's contract as it now is: created the first time, replaced by a later
 * version, left as it is by an older or the same one. Its lots and its one gemeente are
 * replaced with it.
 */
async function bewaarEigenContract(tx: EntityManager, c: ContractInhoud): Promise<void> {
  // Locked: of two versions delivered at once, the second waits and compares with the first.
  const bestaand = await tx.findOne(Contract, { where: { id: c.contractId }, ...metSchrijfslot(tx) })
  if (bestaand && (bestaand.eigenGemeenteCode !== c.gemeenteCode || (bestaand.bronVersie ?? 0) >= c.versie))
    return
  const rij = {
    id: c.contractId,
    agbCode: c.agbCode,
    status: c.status,
    ingangsdatum: c.ingangsdatum,
    einddatum: c.einddatum,
    aanmeldingId: null,
    eigenGemeenteCode: c.gemeenteCode,
    bronVersie: c.versie,
  }
  if (bestaand) {
    await tx.update(Contract, { id: c.contractId }, rij)
    await tx.delete(Contractperceel, { contractId: c.contractId })
  } else {
    await tx.insert(Contract, rij)
    await tx.insert(ContractGemeente, { contractId: c.contractId, gemeenteCode: c.gemeenteCode })
  }
  await tx.insert(
    Contractperceel,
    c.percelen.map((p) => ({
      contractId: c.contractId,
      ondersteuningsbehoefteCode: p.ondersteuningsbehoefte,
      niveau: p.niveau,
    })),
  )
}
