// Starts the real `xzq` binary on a fresh database for API and browser tests.
// The binary is XZQ_BIN (default build/dev/src/app/xzq); the server listens on a free
// loopback port and announces it on stdout, which is how we learn the address.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const xzqBin = process.env.XZQ_BIN || path.join(repoRoot, 'build/dev/src/app/xzq');
export const testOutputDir = process.env.XZQ_TEST_OUT || path.join(repoRoot, 'build/test-output');

/** Runs `xzq ARGS` to completion; returns {status, stdout, stderr} without throwing. */
export function runXzq(args, options = {}) {
  try {
    const stdout = execFileSync(xzqBin, args, { cwd: repoRoot, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], ...options });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    return { status: error.status ?? -1, stdout: String(error.stdout ?? ''), stderr: String(error.stderr ?? '') };
  }
}

/**
 * Creates a demo database (兰考县 imported) unless `demo: false`, starts `xzq serve` on it (or on
 * `db`, a database URL) and
 * resolves to {baseUrl, dbUrl, dir, process, logs(), stop()}. `extraArgs` go to `serve`.
 * `demoPassword` gives every demo account that password (`xzq demo --password`); without it
 * the demo accounts get random passwords.
 */
export async function startServer({ demo = true, demoPassword, extraArgs = [], env = {}, db } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'xzq-test-'));
  const dbUrl = db ?? `sqlite:${path.join(dir, 'xzq.db')}`;
  if (demo) {
    const result = runXzq(['demo', '--db', dbUrl, ...(demoPassword ? ['--password', demoPassword] : [])]);
    if (result.status !== 0) throw new Error(`xzq demo failed: ${result.stderr}`);
  }
  const child = spawn(xzqBin, ['serve', '--db', dbUrl, '--listen', '127.0.0.1:0', ...extraArgs], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const baseUrl = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`xzq serve did not start: ${stderr}`)), 30000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening on (http:\/\/[^\s]+)/);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`xzq serve exited with ${code}: ${stderr}`)); });
  });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    baseUrl,
    dbUrl,
    dir,
    process: child,
    exited,
    logs: () => ({ stdout, stderr }),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const result = await exited;
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
}
