import crypto from 'crypto';
import fs from 'fs';
import path from 'path';

// A fresh clone must start without hand-made secrets, so outside production any secret that is not
// in the environment is generated once and kept in .tmp/dev-secrets.json (git-ignored).
// In production a missing secret stops the boot: a guessable default would be worse than no start.
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

export function secret(name: string, fromEnv: string | undefined): string {
  if (fromEnv) return fromEnv;
  if (process.env.NODE_ENV === 'production') {
    throw new Error(`${name} must be set in production (see README, "Configuration").`);
  }
  return readDevSecrets()[name] ?? persistDevSecret(name, crypto.randomBytes(24).toString('base64'));
}
