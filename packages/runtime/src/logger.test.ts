import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

describe('createLogger', () => {
  it('writes JSON lines with secrets redacted wherever they appear', () => {
    let out = '';
    const logger = createLogger('info', new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) }));
    logger.info(
      {
        token: 'rtok_visible?',
        scimToken: 'rscim_visible?',
        iam: { bindPassword: 'bind-visible?', clientSecret: 'client-visible?' },
        req: { headers: { authorization: 'Bearer header-visible?', cookie: 'session=cookie-visible?' } },
        userName: 'ada@corp.com',
      },
      'request',
    );
    const line = JSON.parse(out) as Record<string, unknown>;
    expect(line['msg']).toBe('request');
    expect(line['userName']).toBe('ada@corp.com');
    expect(out).not.toMatch(/visible\?/);
    expect(out).toContain('[redacted]');
  });
});
