import { Migration } from '@mikro-orm/migrations';

/**
 * Initial schema: accounts, loan products (seeded), loans and the append-only history.
 * Indexes: one (filter column, sort time, id) index per list filter shape, so every keyset page is an
 * index range scan with no sort (see docs/architecture.md).
 */
export class Migration20261126000000_initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table users (
        id uuid primary key,
        username varchar(40) not null,
        email varchar(254) not null,
        phone varchar(20) null,
        password_hash text not null,
        role text not null check (role in ('customer', 'agent', 'admin')),
        status text not null check (status in ('ACTIVE', 'PENDING', 'APPROVED', 'REJECTED', 'SUSPENDED')),
        status_reason varchar(500) null,
        token_version integer not null default 0,
        version integer not null default 1,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );`);
    this.addSql('create unique index users_username_lower_unique on users (lower(username));');
    this.addSql('create unique index users_email_lower_unique on users (lower(email));');
    this.addSql('create index users_created_idx on users (created_at desc, id desc);');
    this.addSql(
      'create index users_role_status_created_idx on users (role, status, created_at desc, id desc);',
    );

    this.addSql(`
      create table loan_products (
        code varchar(20) primary key,
        name varchar(80) not null,
        annual_rate_percent numeric(7,3) not null check (annual_rate_percent >= 0 and annual_rate_percent <= 100),
        min_amount numeric(14,2) not null check (min_amount > 0),
        max_amount numeric(14,2) not null check (max_amount >= min_amount),
        min_term_months integer not null check (min_term_months >= 1),
        max_term_months integer not null check (max_term_months >= min_term_months),
        active boolean not null default true,
        version integer not null default 1,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );`);
    this.addSql(`
      insert into loan_products
        (code, name, annual_rate_percent, min_amount, max_amount, min_term_months, max_term_months, created_at, updated_at)
      values
        ('HOME', 'Home loan', 6.90, 10000.00, 2000000.00, 12, 360, now(), now()),
        ('PERSONAL', 'Personal loan', 10.75, 500.00, 50000.00, 6, 84, now(), now()),
        ('CAR', 'Car loan', 7.25, 1000.00, 150000.00, 12, 96, now(), now()),
        ('EDUCATION', 'Education loan', 14.70, 500.00, 100000.00, 6, 120, now(), now());`);

    this.addSql(`
      create table loans (
        id uuid primary key,
        status text not null check (status in ('NEW', 'PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN')),
        product_code varchar(20) not null references loan_products (code),
        principal numeric(14,2) not null check (principal > 0),
        annual_rate_percent numeric(7,3) not null,
        term_months integer not null check (term_months >= 1),
        monthly_installment numeric(14,2) not null,
        total_interest numeric(14,2) not null,
        total_payable numeric(14,2) not null,
        customer_id uuid not null references users (id),
        agent_id uuid null references users (id),
        rejection_reason varchar(500) null,
        decided_by_id uuid null references users (id),
        decided_at timestamptz null,
        version integer not null default 1,
        created_at timestamptz not null,
        updated_at timestamptz not null
      );`);
    for (const time of ['created_at', 'updated_at']) {
      const short = time.replace('_at', '');
      this.addSql(`create index loans_${short}_idx on loans (${time} desc, id desc);`);
      for (const column of ['status', 'customer_id', 'agent_id', 'product_code']) {
        const name = column.replace('_id', '').replace('_code', '');
        this.addSql(`create index loans_${name}_${short}_idx on loans (${column}, ${time} desc, id desc);`);
      }
    }

    this.addSql(`
      create table history_entries (
        id bigint generated always as identity primary key,
        entity_type varchar(40) not null,
        entity_id varchar(64) not null,
        version integer not null,
        action varchar(20) not null,
        actor_id uuid null,
        actor_username varchar(40) not null,
        actor_role varchar(20) not null,
        at timestamptz not null,
        changes jsonb not null
      );`);
    // One row per version of an entity: a second writer of the same version fails instead of forking history.
    this.addSql(
      'create unique index history_entity_version_unique on history_entries (entity_type, entity_id, version);',
    );
    this.addSql(`
      create function history_entries_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'history_entries is append-only: % is not allowed', tg_op;
      end;
      $$;`);
    this.addSql(`
      create trigger history_entries_no_update_delete before update or delete on history_entries
        for each row execute function history_entries_append_only();`);
    this.addSql(`
      create trigger history_entries_no_truncate before truncate on history_entries
        for each statement execute function history_entries_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists history_entries;');
    this.addSql('drop function if exists history_entries_append_only();');
    this.addSql('drop table if exists loans;');
    this.addSql('drop table if exists loan_products;');
    this.addSql('drop table if exists users;');
  }
}
