import { Migration } from '@mikro-orm/migrations';

/**
 * Servicing (docs/servicing.md): products and loans gain the late fee and its grace days (a snapshot on
 * the loan, like the rate); loans gain the statuses after approval and the figures that change only
 * when a transaction is posted; `loan_transactions` is the ledger, append-only like history.
 */
export class Migration20261201000000_servicing extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table loan_products
        add column late_fee numeric(14,2) not null default 0 check (late_fee >= 0),
        add column late_fee_grace_days integer not null default 5
          check (late_fee_grace_days between 0 and 30);`);
    this.addSql(
      `update loan_products set late_fee = 25.00, late_fee_grace_days = 5 where code in ('HOME', 'PERSONAL', 'CAR', 'EDUCATION');`,
    );

    this.addSql('alter table loans drop constraint loans_status_check;');
    this.addSql(`
      alter table loans
        add constraint loans_status_check check (status in
          ('NEW', 'PENDING', 'APPROVED', 'REJECTED', 'WITHDRAWN', 'ACTIVE', 'PAID_OFF', 'WRITTEN_OFF')),
        add column late_fee numeric(14,2) not null default 0 check (late_fee >= 0),
        add column late_fee_grace_days integer not null default 5 check (late_fee_grace_days between 0 and 30),
        add column disbursed_on date null,
        add column closed_on date null,
        add column principal_outstanding numeric(14,2) null,
        add column next_due_on date null,
        add column next_due_amount numeric(14,2) null,
        add column total_paid numeric(14,2) not null default 0,
        add column last_transaction_id uuid null,
        add column last_transaction_type text null;`);
    // Loans priced before this release take their product's fee as it is now.
    this.addSql(`
      update loans l set late_fee = p.late_fee, late_fee_grace_days = p.late_fee_grace_days
        from loan_products p where p.code = l.product_code;`);
    // The collections queue: active loans by how long they have been late (oldest unpaid due date first),
    // optionally for one agent or product. Partial, so it holds only the active share of the book.
    this.addSql(
      `create index loans_active_due_idx on loans (next_due_on asc, id asc) where status = 'ACTIVE';`,
    );
    this.addSql(
      `create index loans_active_agent_due_idx on loans (agent_id, next_due_on asc, id asc) where status = 'ACTIVE';`,
    );
    this.addSql(
      `create index loans_active_product_due_idx on loans (product_code, next_due_on asc, id asc) where status = 'ACTIVE';`,
    );
    // portfolio.summary in one index-only pass: counts and amounts by status and product, PAR 30/90.
    this.addSql(
      'create index loans_portfolio_idx on loans (status, product_code) include (principal, principal_outstanding, next_due_on);',
    );

    this.addSql(`
      create table loan_transactions (
        id uuid primary key,
        loan_id uuid not null references loans (id),
        seq bigint generated always as identity,
        type text not null check (type in
          ('DISBURSEMENT', 'REPAYMENT', 'PREPAYMENT', 'PAYOFF', 'WRITE_OFF', 'REVERSAL')),
        amount numeric(14,2) not null check (amount >= 0),
        value_date date not null,
        recorded_at timestamptz not null,
        recorded_by_id uuid null,
        recorded_by_username varchar(40) not null,
        recorded_by_role varchar(20) not null,
        reference varchar(100) null,
        reduce text null check (reduce in ('TERM', 'INSTALLMENT')),
        reverses uuid null references loan_transactions (id),
        reason varchar(500) null,
        idempotency_key varchar(64) not null,
        request_fingerprint text not null,
        allocation jsonb not null
      );`);
    this.addSql(
      'create unique index loan_transactions_idempotency_unique on loan_transactions (loan_id, idempotency_key);',
    );
    // A transaction is reversed at most once.
    this.addSql(
      'create unique index loan_transactions_reverses_unique on loan_transactions (reverses) where reverses is not null;',
    );
    this.addSql('create index loan_transactions_loan_idx on loan_transactions (loan_id, value_date, seq);');
    // Disbursed and collected per month (portfolio), index-only by value date.
    this.addSql(
      'create index loan_transactions_value_date_idx on loan_transactions (value_date) include (type, amount);',
    );
    this.addSql(`
      create function loan_transactions_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'loan_transactions is append-only: % is not allowed', tg_op;
      end;
      $$;`);
    this.addSql(`
      create trigger loan_transactions_no_update_delete before update or delete on loan_transactions
        for each row execute function loan_transactions_append_only();`);
    this.addSql(`
      create trigger loan_transactions_no_truncate before truncate on loan_transactions
        for each statement execute function loan_transactions_append_only();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists loan_transactions;');
    this.addSql('drop function if exists loan_transactions_append_only();');
  }
}
