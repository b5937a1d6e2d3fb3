// Configuration is validated at start; a bad value stops the server with a message naming the variable.
import { ConfigError, loadConfig } from '../../api/config';

function problemsOf(env: Record<string, string>): readonly string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.variables;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('has working defaults for local use', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.mongodbUri).toBeUndefined();
    expect(config.publicBaseUrl.origin).toBe('http://localhost:3000');
  });

  it('derives an https base URL when HTTPS is on', () => {
    expect(loadConfig({ HTTPS: 'dev', PORT: '3443' }).publicBaseUrl.origin).toBe('https://localhost:3443');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ PUBLIC_BASE_URL: 'not a url' }, 'PUBLIC_BASE_URL'],
    [{ PUBLIC_BASE_URL: 'https://zegel.example/app' }, 'PUBLIC_BASE_URL'],
    [{ MONGODB_URI: 'postgres://x' }, 'MONGODB_URI'],
    [{ HTTPS: 'files' }, 'TLS_CERT_FILE'],
    [{ NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://zegel.example' }, 'MONGODB_URI'],
    [{ NODE_ENV: 'production', MONGODB_URI: 'mongodb://db/zegel', PUBLIC_BASE_URL: 'http://zegel.example' }, 'PUBLIC_BASE_URL'],
  ])('refuses %j naming %s', (env, variable) => {
    expect(problemsOf(env as Record<string, string>)).toContain(variable);
  });

  it('reports every bad variable at once and never echoes the value', () => {
    try {
      loadConfig({ PORT: 'x', MONGODB_URI: 'http://user:s3cret@host' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).variables).toEqual(['PORT', 'MONGODB_URI']);
      expect((err as Error).message).not.toContain('s3cret');
    }
  });
});
