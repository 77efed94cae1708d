import { X509Certificate } from 'node:crypto';
import type { SamlConfig } from '@roster/core';
import { runStep, type ConnectionStep } from './connection-step.ts';

const TIMEOUT_MS = 5_000;

/**
 * Checks a SAML IAM's settings: the IdP signing certificate parses and is valid now, and the IdP's
 * single sign-on URL answers.
 */
export async function testSamlConfiguration(config: SamlConfig, now: Date = new Date()): Promise<ConnectionStep[]> {
  return [
    await runStep('certificate', () => {
      if (!config.idpCertificate) throw new Error('No IdP signing certificate is configured.');
      const certificate = new X509Certificate(config.idpCertificate);
      const from = new Date(certificate.validFrom);
      const to = new Date(certificate.validTo);
      if (now < from) throw new Error(`The certificate is not valid before ${from.toISOString()}.`);
      if (now > to) throw new Error(`The certificate expired on ${to.toISOString()}.`);
      return `${certificate.subject.replace(/\n/g, ', ')}; valid until ${to.toISOString()}.`;
    }),
    await runStep('entry point', async () => {
      if (!config.entryPoint) throw new Error('No IdP single sign-on URL is configured.');
      const response = await fetch(config.entryPoint, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(TIMEOUT_MS) });
      if (response.status >= 500) throw new Error(`${config.entryPoint} answered HTTP ${response.status}.`);
      return `${config.entryPoint} answered HTTP ${response.status}.`;
    }),
  ];
}
