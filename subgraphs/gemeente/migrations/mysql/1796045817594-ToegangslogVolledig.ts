import type { MigrationInterface, QueryRunner } from 'typeorm'

// Written by hand (the generator makes no views); the sqlite migration is this one too.
// The whole NEN 7513 log as one relation: every entry of its own, and every entry a request was
// given through a shared read (toegangslog_deelname, R31) at that request's time and id: what
// an auditor or a data protection officer queries.
export class ToegangslogVolledig1796045817594 implements MigrationInterface {
  name = 'ToegangslogVolledig1796045817594'

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE VIEW toegangslog_volledig AS ` +
        `SELECT id AS logId, NULL AS deelnameId, gemeenteCode, inwonerId, tijdstip, gebeurtenis, actie, gebruiker, gebruikerNaam, rol, namens, doel, verzoekId FROM toegangslog ` +
        `UNION ALL ` +
        `SELECT t.id, d.id, t.gemeenteCode, t.inwonerId, d.tijdstip, t.gebeurtenis, t.actie, t.gebruiker, t.gebruikerNaam, t.rol, t.namens, t.doel, d.verzoekId ` +
        `FROM toegangslog_deelname d JOIN toegangslog t ON t.leesId = d.leesId`,
    )
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW toegangslog_volledig`)
  }
}
