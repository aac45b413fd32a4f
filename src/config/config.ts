/**
 * Typed configuration: defaults, then an optional JSON file (PARLEY_CONFIG),
 * then environment variables. Validated once at start; a bad setting stops the
 * server with a message that names it. The result is frozen.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const Int = (min: number, max: number, def: number) => Type.Integer({ minimum: min, maximum: max, default: def });

/** One agency identity provider (OpenID Connect, authorization code with PKCE). */
export const OidcProviderSchema = Type.Object(
  {
    /** Appears in the routes: /api/v1/auth/oidc/<id>/start. */
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,31}$' }),
    /** Shown on the sign-in page. */
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    issuer: Type.String({ pattern: '^https?://' }),
    clientId: Type.String({ minLength: 1, maxLength: 512 }),
    clientSecret: Type.String({ minLength: 1, maxLength: 1024 }),
    /** Must equal the redirect URI registered at the provider: <public origin>/api/v1/auth/oidc/<id>/callback. */
    redirectUri: Type.String({ pattern: '^https?://' }),
    scopes: Type.String({ minLength: 6, maxLength: 512, default: 'openid email profile' }),
    claims: Type.Object(
      {
        username: Type.String({ minLength: 1, default: 'preferred_username' }),
        email: Type.String({ minLength: 1, default: 'email' }),
        displayName: Type.String({ minLength: 1, default: 'name' }),
        /** A claim holding the agency code; unset leaves agencies to administrators. */
        agencyCode: Type.Optional(Type.String({ minLength: 1 })),
        /** A claim holding an array of group names, mapped by `groupRoles`. */
        groups: Type.Optional(Type.String({ minLength: 1 })),
      },
      { additionalProperties: false, default: {} },
    ),
    /** Group name -> Parley role, held in the user's own agency. */
    groupRoles: Type.Record(Type.String({ minLength: 1 }), Type.String({ minLength: 1 }), { default: {} }),
    /** Just-in-time creation of unknown users, with this person type (§8.3). */
    jit: Type.Object(
      { enabled: Type.Boolean({ default: false }), personType: Type.String({ default: 'employee' }) },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: false },
);
export type OidcProviderConfig = Static<typeof OidcProviderSchema>;

export const ConfigSchema = Type.Object(
  {
    port: Int(0, 65535, 8080),
    host: Type.String({ minLength: 1, default: '0.0.0.0' }),
    dataDir: Type.String({ minLength: 1, default: './data' }),
    /** Where attachment bytes live; several nodes must share it (a network file system). Default: <dataDir>/blobs. */
    blobDir: Type.Optional(Type.String({ minLength: 1 })),
    databaseUrl: Type.Optional(Type.String({ pattern: '^(postgres(ql)?://|sqlite:)' })),
    redisUrl: Type.Optional(Type.String({ pattern: '^rediss?://' })),
    /** Prefix of this deployment's Redis channels, so deployments can share a Redis. */
    redisPrefix: Type.String({ minLength: 1, maxLength: 64, default: 'parley:' }),
    logLevel: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
      { default: 'info' },
    ),
    /** The browser origin the web client is served from, e.g. https://parley.agency.gov. */
    publicOrigin: Type.Optional(Type.String({ pattern: '^https?://[^/]+$' })),
    cookieSecure: Type.Boolean({ default: true }),
    /** When set, /metrics answers only requests bearing this token (for the monitoring system). */
    metricsToken: Type.Optional(Type.String({ minLength: 16, maxLength: 256 })),
    trustProxy: Type.Boolean({ default: false }),
    sessionIdleMinutes: Int(1, 24 * 60, 30),
    sessionAbsoluteHours: Int(1, 24 * 30, 12),
    /** Live sessions one person may hold; signing in beyond it ends their least recently used session. */
    maxSessionsPerUser: Int(1, 1000, 10),
    /** §5.3.8: how new devices enroll where no security administrator has set a policy ('approval' or 'open'). */
    deviceEnrollment: Type.Union([Type.Literal('approval'), Type.Literal('open')], { default: 'approval' }),
    loginMaxFailures: Int(1, 100, 5),
    loginLockoutMinutes: Int(1, 24 * 60, 15),
    /** Requests per minute per client address on the sign-in route. */
    loginRatePerMinute: Int(1, 10_000, 20),
    /** scrypt cost N (a power of two). 2^17 follows OWASP's guidance. */
    scryptCost: Type.Integer({ minimum: 1024, maximum: 2 ** 20, default: 2 ** 17, multipleOf: 1024 }),
    bodyLimitBytes: Int(1024, 64 * 1024 * 1024, 256 * 1024),
    policyPackPath: Type.String({ minLength: 1, default: 'policies/wvot-po1010.yaml' }),
    /** §5.3.5 disruptive use: the longest message, in characters. */
    messageMaxChars: Int(1, 100_000, 4000),
    /** §5.3.5: messages a user may send at once, and how fast the allowance returns. */
    messageBurst: Int(1, 1_000_000, 30),
    messageRatePerSecond: Int(1, 1_000_000, 5),
    /** Members of a group conversation at most (channels are open to all). */
    groupMaxMembers: Int(2, 10_000, 250),
    /** §5.3.5: in channels larger than this, only owners may notify everyone (@all, @channel, @here). */
    broadcastMentionMaxMembers: Int(2, 100_000, 50),
    /** Seconds between WebSocket heartbeats; a client silent for three is dropped. */
    heartbeatSeconds: Int(1, 600, 30),
    /** How often a node re-announces its users' presence; a dead node's users go offline after three missed rounds. */
    presenceRefreshSeconds: Int(1, 600, 15),
    /** §5.3.7 large files: the largest attachment, and what one user may upload per day (UTC). */
    attachmentMaxBytes: Int(1, 2 ** 40, 25 * 1024 * 1024),
    attachmentDailyQuotaBytes: Int(1, 2 ** 45, 250 * 1024 * 1024),
    /**
     * Attachment text kept on each node so a file is read once, not on every send
     * (resends, edits, the same file in many messages), in characters (about two
     * bytes each at most); 0 keeps none. 32 million is 16 texts at the extraction
     * cap or thousands of ordinary documents, within 64 MB.
     */
    extractCacheMaxChars: Int(0, 2 ** 30, 32_000_000),
    /** §4.1 State identities only: comma-separated e-mail domains (subdomains included); unset admits any. */
    allowedEmailDomains: Type.Optional(Type.String({ pattern: '^\\s*[A-Za-z0-9.-]+(\\s*,\\s*[A-Za-z0-9.-]+)*\\s*$' })),
    /** Agency identity providers for OpenID Connect sign-in (config file only: it holds client secrets). */
    oidcProviders: Type.Array(OidcProviderSchema, { default: [] }),
    /** Largest CSV accepted by the bulk user import, and most rows. */
    userImportMaxBytes: Int(1024, 16 * 1024 * 1024, 1024 * 1024),
    userImportMaxRows: Int(1, 100_000, 5000),
  },
  { additionalProperties: false },
);
export type Config = Readonly<Static<typeof ConfigSchema>>;

/** Environment variable -> config key, with how to read it. */
const ENV: Record<string, [keyof Static<typeof ConfigSchema>, 'int' | 'bool' | 'string']> = {
  PORT: ['port', 'int'],
  HOST: ['host', 'string'],
  PARLEY_DATA_DIR: ['dataDir', 'string'],
  PARLEY_BLOB_DIR: ['blobDir', 'string'],
  DATABASE_URL: ['databaseUrl', 'string'],
  REDIS_URL: ['redisUrl', 'string'],
  PARLEY_REDIS_PREFIX: ['redisPrefix', 'string'],
  LOG_LEVEL: ['logLevel', 'string'],
  PARLEY_PUBLIC_ORIGIN: ['publicOrigin', 'string'],
  PARLEY_COOKIE_SECURE: ['cookieSecure', 'bool'],
  PARLEY_METRICS_TOKEN: ['metricsToken', 'string'],
  PARLEY_TRUST_PROXY: ['trustProxy', 'bool'],
  PARLEY_SESSION_IDLE_MINUTES: ['sessionIdleMinutes', 'int'],
  PARLEY_SESSION_ABSOLUTE_HOURS: ['sessionAbsoluteHours', 'int'],
  PARLEY_MAX_SESSIONS_PER_USER: ['maxSessionsPerUser', 'int'],
  PARLEY_DEVICE_ENROLLMENT: ['deviceEnrollment', 'string'],
  PARLEY_LOGIN_MAX_FAILURES: ['loginMaxFailures', 'int'],
  PARLEY_LOGIN_LOCKOUT_MINUTES: ['loginLockoutMinutes', 'int'],
  PARLEY_LOGIN_RATE_PER_MINUTE: ['loginRatePerMinute', 'int'],
  PARLEY_SCRYPT_COST: ['scryptCost', 'int'],
  PARLEY_BODY_LIMIT_BYTES: ['bodyLimitBytes', 'int'],
  PARLEY_POLICY_PACK: ['policyPackPath', 'string'],
  PARLEY_MESSAGE_MAX_CHARS: ['messageMaxChars', 'int'],
  PARLEY_MESSAGE_BURST: ['messageBurst', 'int'],
  PARLEY_MESSAGE_RATE_PER_SECOND: ['messageRatePerSecond', 'int'],
  PARLEY_GROUP_MAX_MEMBERS: ['groupMaxMembers', 'int'],
  PARLEY_BROADCAST_MENTION_MAX_MEMBERS: ['broadcastMentionMaxMembers', 'int'],
  PARLEY_HEARTBEAT_SECONDS: ['heartbeatSeconds', 'int'],
  PARLEY_PRESENCE_REFRESH_SECONDS: ['presenceRefreshSeconds', 'int'],
  PARLEY_ATTACHMENT_MAX_BYTES: ['attachmentMaxBytes', 'int'],
  PARLEY_ATTACHMENT_DAILY_QUOTA_BYTES: ['attachmentDailyQuotaBytes', 'int'],
  PARLEY_EXTRACT_CACHE_CHARS: ['extractCacheMaxChars', 'int'],
  PARLEY_ALLOWED_EMAIL_DOMAINS: ['allowedEmailDomains', 'string'],
  PARLEY_USER_IMPORT_MAX_BYTES: ['userImportMaxBytes', 'int'],
  PARLEY_USER_IMPORT_MAX_ROWS: ['userImportMaxRows', 'int'],
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

function readEnvValue(name: string, raw: string, kind: 'int' | 'bool' | 'string'): unknown {
  if (kind === 'string') return raw;
  if (kind === 'bool') {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new ConfigError([`${name}: expected true or false, got "${raw}"`]);
  }
  if (!/^-?\d+$/.test(raw)) throw new ConfigError([`${name}: expected a whole number, got "${raw}"`]);
  return Number(raw);
}

/** Builds the configuration from overrides (tests), a file and the environment. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Static<typeof ConfigSchema>> = {},
): Config {
  const raw: Record<string, unknown> = {};
  const file = env.PARLEY_CONFIG;
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new ConfigError([`PARLEY_CONFIG (${file}): ${(e as Error).message}`]);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new ConfigError([`PARLEY_CONFIG (${file}): must hold a JSON object`]);
    }
    Object.assign(raw, parsed);
  }
  for (const [name, [key, kind]] of Object.entries(ENV)) {
    const v = env[name];
    if (v !== undefined && v !== '') raw[key] = readEnvValue(name, v, kind);
  }
  Object.assign(raw, overrides);
  const withDefaults = Value.Default(ConfigSchema, raw) as Record<string, unknown>;
  const problems = [...Value.Errors(ConfigSchema, withDefaults)].map((e) => {
    const key = e.path.replace(/^\//, '');
    const envName = Object.entries(ENV).find(([, [k]]) => k === key)?.[0];
    return `${key || '(root)'}${envName ? ` (${envName})` : ''}: ${e.message}`;
  });
  if (problems.length > 0) throw new ConfigError(problems);
  const config = withDefaults as Static<typeof ConfigSchema>;
  config.dataDir = resolve(config.dataDir);
  return Object.freeze(config);
}

/** The package's root directory (the same from src/ and from dist/). */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The shipped policy pack's file: absolute, or relative to the package root. */
export const policyPackFile = (config: Config): string =>
  isAbsolute(config.policyPackPath) ? config.policyPackPath : resolve(PACKAGE_ROOT, config.policyPackPath);

/** The directory of attachment bytes: the configured one, or blobs/ under the data directory. */
export const blobDirOf = (config: Config): string => config.blobDir ?? join(config.dataDir, 'blobs');
