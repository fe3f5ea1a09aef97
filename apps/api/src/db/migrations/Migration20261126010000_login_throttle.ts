import { Migration } from '@mikro-orm/migrations';

/**
 * Counters for login and registration throttling (src/security/throttle.ts). Kept in the database, not in
 * process memory, so every API replica sees the same counts. A bucket is `scope:hash-of-key` (the key being
 * a username, an IP or both): attempted usernames are not stored in clear. Rows whose window has ended
 * are reset on their next hit and swept now and then.
 */
export class Migration20261126010000_login_throttle extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table login_throttle (
        bucket varchar(100) primary key,
        hits integer not null check (hits >= 0),
        expires_at timestamptz not null
      );`);
    this.addSql('create index login_throttle_expires_idx on login_throttle (expires_at);');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists login_throttle;');
  }
}
