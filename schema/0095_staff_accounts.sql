-- Staff accounts for deployments without an identity provider (issue 21 §2):
-- accounts with a bcrypt password, memberships of organizations with a role,
-- rotating refresh tokens, invitations and password resets.
-- depends: 0092_event_triggers_fire_when_news
--
-- * Additive: no existing function consults these tables yet. A clinic
--   member is still whoever holds a JWT with app_metadata.org_id; switching
--   authorization to memberships is a later step.
-- * Passwords are hashed in SQL with pgcrypto's bcrypt (cost 12), so the
--   rule and its cost live with the data and every surface shares them; the
--   plaintext is a function argument only, never a column. Tokens
--   (refresh, invitation, reset) are 192 random bits, stored only as their
--   SHA-256: no salt or key is needed for values that cannot be guessed.
-- * staff_accounts and staff_refresh_tokens belong to a person, not to a
--   clinic (one account may work for several): reference-style tables with
--   no org_id, reference tables under Citus. memberships, invitations and
--   password resets are tenant tables keyed by org_id like every other.
-- * memberships.account_id has no foreign key to staff_accounts: on
--   Supabase it is the `sub` of a Supabase Auth user, who has no row here.
-- * Every table has RLS enabled and no policy, and no API role holds a
--   privilege on them: they are read and written only by the SECURITY
--   DEFINER functions of functions/ (public.staff_*, invite_staff_member,
--   ...), which check their callers.

set local lock_timeout = '5s';
set local statement_timeout = '60s';

/*
 * ---------------------------------------------------------------------------
 * staff_accounts: a person who signs in with an email and a password.
 * ---------------------------------------------------------------------------
 */
create table booking.staff_accounts (
  account_id            uuid        not null default gen_random_uuid(),
  email                 text        not null,
  phone                 text,
  password_hash         text        not null,
  disabled_at           timestamptz,
  failed_sign_ins       integer     not null default 0,
  failed_sign_ins_since timestamptz,
  locked_until          timestamptz,
  password_changed_at   timestamptz not null default now(),
  created_at            timestamptz not null default now(),
  constraint staff_accounts_pkey primary key (account_id),
  constraint staff_accounts_email_key unique (email),
  constraint staff_accounts_email_check
    check (email = lower(btrim(email)) and email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[a-z]{2,63}$'
           and length(email) <= 254),
  constraint staff_accounts_phone_check check (phone ~ '^\+[1-9][0-9]{1,14}$'),
  -- Only a bcrypt hash of cost 12 or more fits: a plaintext cannot be stored.
  constraint staff_accounts_password_hash_check
    check (password_hash ~ '^\$2[aby]\$(1[2-9]|[23][0-9])\$[./A-Za-z0-9]{53}$'),
  constraint staff_accounts_failed_sign_ins_check check (failed_sign_ins between 0 and 1000)
);

comment on table booking.staff_accounts is
  'Reference data (a person, not tenant data; a reference table under Citus: one account may belong to several organizations, and booking.memberships carries org_id): staff accounts that sign in with email and password through public.staff_sign_in.';
comment on column booking.staff_accounts.email is
  'Sign-in name: trimmed and lower-cased (booking.normalize_staff_email), unique.';
comment on column booking.staff_accounts.phone is
  'Optional E.164 number, e.g. for invitations and password resets by SMS.';
comment on column booking.staff_accounts.password_hash is
  'bcrypt hash, extensions.crypt(password, extensions.gen_salt(''bf'', 12)); the password itself is never stored.';
comment on column booking.staff_accounts.disabled_at is
  'Set when the whole account is disabled: it cannot sign in or refresh. A membership is disabled on its own row.';
comment on column booking.staff_accounts.failed_sign_ins is
  'Wrong passwords since failed_sign_ins_since (a 15-minute window); the fifth sets locked_until. Reset by a successful sign-in.';
comment on column booking.staff_accounts.locked_until is
  'While in the future, sign-in answers ACCOUNT_LOCKED without checking the password. Each account has its own counter and lock.';

/*
 * ---------------------------------------------------------------------------
 * memberships: who works for which organization, with which role.
 * ---------------------------------------------------------------------------
 */
create table booking.memberships (
  org_id      uuid        not null,
  account_id  uuid        not null,
  role        text        not null,
  disabled_at timestamptz,
  created_at  timestamptz not null default now(),
  updated_at  timestamptz not null default now(),
  constraint memberships_pkey primary key (org_id, account_id),
  constraint memberships_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint memberships_role_check check (role in ('owner', 'admin', 'front_desk'))
);
-- Sign-in and refresh list an account's memberships across organizations.
create index memberships_account_id on booking.memberships (account_id);

comment on table booking.memberships is
  'Staff of an organization and their role. account_id is a booking.staff_accounts id or, on Supabase, a Supabase Auth user''s id (the JWT sub), hence no foreign key.';
comment on column booking.memberships.role is
  'owner (everything, staff included), admin (clinic settings and staff other than owners), front_desk (appointments, patients, messages).';
comment on column booking.memberships.disabled_at is
  'Set while the member is disabled in this organization; the account''s other memberships are unaffected.';

/*
 * ---------------------------------------------------------------------------
 * staff_refresh_tokens: rotating refresh tokens. Each use marks the token
 * used and issues the next one of its family; a used token presented again
 * revokes the family (it was stolen, or the thief already used it).
 * ---------------------------------------------------------------------------
 */
create table booking.staff_refresh_tokens (
  token_hash bytea       not null,
  account_id uuid        not null,
  family_id  uuid        not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at    timestamptz,
  revoked_at timestamptz,
  constraint staff_refresh_tokens_pkey primary key (token_hash),
  constraint staff_refresh_tokens_account_id_fkey foreign key (account_id)
    references booking.staff_accounts (account_id) on delete cascade,
  constraint staff_refresh_tokens_token_hash_check check (length(token_hash) = 32),
  constraint staff_refresh_tokens_expires_at_check check (expires_at > created_at)
);
create index staff_refresh_tokens_family_id on booking.staff_refresh_tokens (family_id);
create index staff_refresh_tokens_account_id on booking.staff_refresh_tokens (account_id);

comment on table booking.staff_refresh_tokens is
  'Reference data (an account''s sessions, not tenant data; a reference table under Citus like booking.staff_accounts): SHA-256 digests of rotating refresh tokens. The tokens themselves are never stored.';
comment on column booking.staff_refresh_tokens.family_id is
  'One sign-in: every token rotated from it shares the family; sign-out and reuse revoke the whole family.';
comment on column booking.staff_refresh_tokens.used_at is
  'Set when the token was exchanged for the next one; presenting it again revokes its family (REFRESH_TOKEN_REUSED).';

/*
 * ---------------------------------------------------------------------------
 * staff_invitations: single-use invitations to join an organization.
 * ---------------------------------------------------------------------------
 */
create table booking.staff_invitations (
  org_id        uuid        not null,
  invitation_id uuid        not null default gen_random_uuid(),
  email         text,
  phone         text,
  role          text        not null,
  token_hash    bytea       not null,
  invited_by    uuid,
  created_at    timestamptz not null default now(),
  expires_at    timestamptz not null,
  accepted_at   timestamptz,
  accepted_by   uuid,
  revoked_at    timestamptz,
  constraint staff_invitations_pkey primary key (org_id, invitation_id),
  constraint staff_invitations_token_hash_key unique (org_id, token_hash),
  constraint staff_invitations_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint staff_invitations_role_check check (role in ('owner', 'admin', 'front_desk')),
  constraint staff_invitations_contact_check check (email is not null or phone is not null),
  constraint staff_invitations_email_check check (email = lower(btrim(email))),
  constraint staff_invitations_phone_check check (phone ~ '^\+[1-9][0-9]{1,14}$'),
  constraint staff_invitations_token_hash_check check (length(token_hash) = 32),
  constraint staff_invitations_expires_at_check check (expires_at > created_at)
);
-- accept_staff_invitation knows only the token. (Global lookup: in a
-- distributed deployment one query across shards.)
create index staff_invitations_token_hash on booking.staff_invitations (token_hash);

comment on table booking.staff_invitations is
  'Invitations to join an organization with a role, by email and/or phone, valid 7 days, single use. Only the SHA-256 of the invitation token is stored.';
comment on column booking.staff_invitations.invited_by is
  'Account id of the owner or admin who invited; NULL when service_role did.';
comment on column booking.staff_invitations.accepted_by is
  'Account id that accepted the invitation (a new account, or the existing account with that email).';
comment on column booking.staff_invitations.revoked_at is
  'Set when a newer invitation of the same person to the same organization replaced this one.';

/*
 * ---------------------------------------------------------------------------
 * staff_password_resets: one-time password-reset tokens an owner or admin
 * of an organization issued for one of its members; valid 1 hour.
 * ---------------------------------------------------------------------------
 */
create table booking.staff_password_resets (
  org_id       uuid        not null,
  reset_id     uuid        not null default gen_random_uuid(),
  account_id   uuid        not null,
  token_hash   bytea       not null,
  requested_by uuid,
  created_at   timestamptz not null default now(),
  expires_at   timestamptz not null,
  used_at      timestamptz,
  revoked_at   timestamptz,
  constraint staff_password_resets_pkey primary key (org_id, reset_id),
  constraint staff_password_resets_token_hash_key unique (org_id, token_hash),
  constraint staff_password_resets_org_id_fkey foreign key (org_id)
    references booking.organizations (org_id) on delete cascade,
  constraint staff_password_resets_token_hash_check check (length(token_hash) = 32),
  constraint staff_password_resets_expires_at_check check (expires_at > created_at)
);
create index staff_password_resets_token_hash on booking.staff_password_resets (token_hash);
create index staff_password_resets_account_id on booking.staff_password_resets (org_id, account_id);

comment on table booking.staff_password_resets is
  'One-time password-reset tokens (1 hour) issued by an organization''s owner or admin for one of its members. Only the SHA-256 of the token is stored.';
comment on column booking.staff_password_resets.requested_by is
  'Account id of the owner or admin who issued the reset; NULL when service_role did.';
comment on column booking.staff_password_resets.revoked_at is
  'Set when a newer reset of the same account replaced this one.';

/*
 * ---------------------------------------------------------------------------
 * Privileges and row level security: no API role reads or writes these
 * tables; the functions do, as their owner.
 * ---------------------------------------------------------------------------
 */
alter table booking.staff_accounts        enable row level security;
alter table booking.memberships           enable row level security;
alter table booking.staff_refresh_tokens  enable row level security;
alter table booking.staff_invitations     enable row level security;
alter table booking.staff_password_resets enable row level security;

revoke all on booking.staff_accounts, booking.memberships, booking.staff_refresh_tokens,
              booking.staff_invitations, booking.staff_password_resets
  from public, anon, authenticated, service_role;
