/**
 * Identity: links to agency identity providers (OIDC subjects, SCIM external
 * ids), pending OIDC sign-ins, SCIM provisioning tokens and SCIM groups.
 */
import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

export async function up(db: Kysely<unknown>, { bigint }: MigrationContext): Promise<void> {
  // One row per (provider, subject): the IdP's stable `sub` decides who signs in,
  // so a renamed or recycled username at the IdP cannot take over an account.
  await db.schema
    .createTable('oidc_links')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addPrimaryKeyConstraint('oidc_links_pk', ['provider', 'subject'])
    .addUniqueConstraint('oidc_links_user', ['provider', 'user_id'])
    .execute();

  // Sign-ins in flight: kept in the database (not in memory) so the callback may land on any node.
  await db.schema
    .createTable('oidc_flows')
    .addColumn('id', 'text', (c) => c.primaryKey()) // SHA-256 of the browser-binding cookie
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('expires_at', bigint, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oidc_flows_expiry').on('oidc_flows').columns(['expires_at']).execute();

  await db.schema
    .createTable('provisioning_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', bigint, (c) => c.notNull())
    .addColumn('revoked_at', bigint)
    .addColumn('last_used_at', bigint)
    .execute();

  await db.schema
    .createTable('scim_users')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('external_id', 'text')
    .addColumn('updated_at', bigint, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('scim_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('display_name', 'text', (c) => c.notNull().unique())
    .addColumn('external_id', 'text')
    .addColumn('created_at', bigint, (c) => c.notNull())
    .execute();
}
