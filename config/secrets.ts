import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

// A fresh clone must start without hand-made secrets, so outside production any secret that is not
// in the environment is generated once and kept in .tmp/dev-secrets.json (git-ignored).
// In production a missing secret stops the boot: a guessable default would be worse than no start.
// `strapi build` loads the config too, but only to bundle the admin and never serves: it must work
// before secrets exist (a Dockerfile builds first), so it alone gets a placeholder.
const DEV_SECRETS_FILE = path.join(__dirname, '..', '..', '.tmp', 'dev-secrets.json');

function readDevSecrets(): Record<string, string> {
  try {
    return JSON.parse(fs.readFileSync(DEV_SECRETS_FILE, 'utf8'));
  } catch {
    return {};
  }
}

function persistDevSecret(name: string, value: string): string {
  fs.mkdirSync(path.dirname(DEV_SECRETS_FILE), { recursive: true });
  const secrets = readDevSecrets();
  if (secrets[name]) return secrets[name]; // another process wrote it first
  secrets[name] = value;
  fs.writeFileSync(DEV_SECRETS_FILE, JSON.stringify(secrets, null, 2));
  return value;
}

const BUILD_PLACEHOLDER = 'build-time-placeholder-never-served';

/** Whether this process is the Strapi CLI's `build` command. */
export function isBuildCommand(argv: string[] = process.argv): boolean {
  return /(^|[\\/])strapi(\.js)?$/.test(argv[1] ?? '') && argv[2] === 'build';
}

export function secret(name: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  if (process.env.NODE_ENV === 'production') {
    if (isBuildCommand()) return BUILD_PLACEHOLDER;
    throw new Error(`${name} must be set in production (see README, "Configuration").`);
  }
  return (
    readDevSecrets()[name] ?? persistDevSecret(name, crypto.randomBytes(24).toString('base64'))
  );
}
