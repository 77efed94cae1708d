export * from './send-webhook.ts';
export * from './webhook-body.ts';
export * from './webhook-worker.ts';
