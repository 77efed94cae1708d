import { useEffect, useState } from 'react';
import { Button, Cell, Column, Row, Table, TableBody, TableHeader } from 'react-aria-components';
import { useMutation, useQuery, useSubscription } from 'urql';
import { readFragment } from '../../api/graphql.ts';
import { ErrorView } from '../../components/error-view.tsx';
import { formatDateTime, humanize } from '../../components/format.ts';
import { Empty, Loading } from '../../components/states.tsx';
import { SyncRunFields, SyncRunSubscription, SyncRunsQuery, TriggerSyncMutation, type SyncRunDetail } from './iam-documents.ts';

const STATUS_BADGE = { RUNNING: 'badge warn', SUCCEEDED: 'badge ok', FAILED: 'badge bad' } as const;
const TRIGGERS = { API: 'API', MANUAL: 'Manual', SCHEDULE: 'Schedule' } as const;

/** "Sync now" (full or delta), the run in progress as it changes, and the run history. */
export function SyncPanel({ iamId, canSync }: { iamId: string; canSync: boolean }) {
  const [runs, refetchRuns] = useQuery({ query: SyncRunsQuery, variables: { iamId } });
  const [trigger, runTrigger] = useMutation(TriggerSyncMutation);
  const [liveId, setLiveId] = useState<string | null>(null);
  const history = (runs.data?.syncRuns ?? []).map((r) => readFragment(SyncRunFields, r));
  // A run already going when the page opens is followed live too.
  const running = history.find((r) => r.status === 'RUNNING');
  const followed = liveId ?? running?.id ?? null;

  const sync = async (mode: 'FULL' | 'DELTA') => {
    const result = await runTrigger({ iamId, mode });
    if (result.data) setLiveId(readFragment(SyncRunFields, result.data.triggerLdapSync).id);
  };

  return (
    <>
      <div className="card">
        <h2>Directory sync</h2>
        {canSync && (
          <div className="toolbar">
            <Button className="react-aria-Button primary" onPress={() => void sync('FULL')} isDisabled={trigger.fetching}>
              Sync now (full)
            </Button>
            <Button onPress={() => void sync('DELTA')} isDisabled={trigger.fetching}>
              Sync now (delta)
            </Button>
          </div>
        )}
        {trigger.error && <ErrorView error={trigger.error} title="The sync did not start" />}
        {followed ? (
          <LiveRun key={followed} id={followed} onEnd={() => refetchRuns({ requestPolicy: 'network-only' })} />
        ) : (
          <p className="muted">No sync is running.</p>
        )}
      </div>
      <div className="card">
        <h2 id="sync-history-heading">Run history</h2>
        {runs.error && <ErrorView error={runs.error} />}
        {!runs.data && runs.fetching && <Loading />}
        {runs.data && history.length === 0 && <Empty title="No sync has run yet." />}
        {history.length > 0 && <RunTable runs={history} />}
      </div>
    </>
  );
}

/** The run as the `syncRun` subscription reports it: now, after every page, until it ends. */
function LiveRun({ id, onEnd }: { id: string; onEnd: () => void }) {
  const [{ data, error }] = useSubscription({ query: SyncRunSubscription, variables: { id } });
  const run = data ? readFragment(SyncRunFields, data.syncRun) : null;
  const ended = run !== null && run.status !== 'RUNNING';
  useEffect(() => {
    if (ended) onEnd();
    // onEnd only once the run ends.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ended]);
  if (error) return <ErrorView error={error} />;
  if (!run) return <Loading label="Connecting to the run…" />;
  return (
    <section className="live-run" aria-label="Current sync run" aria-live="polite">
      <p>
        <span className={STATUS_BADGE[run.status]}>{humanize(run.status)}</span> {humanize(run.mode)} sync, started{' '}
        {formatDateTime(run.startedAt)}
        {run.finishedAt && `, finished ${formatDateTime(run.finishedAt)}`}
      </p>
      <dl className="facts counts">
        <dt>Users created</dt>
        <dd>{run.counts.usersCreated}</dd>
        <dt>Users updated</dt>
        <dd>{run.counts.usersUpdated}</dd>
        <dt>Users deactivated</dt>
        <dd>{run.counts.usersDeactivated}</dd>
        <dt>Users reactivated</dt>
        <dd>{run.counts.usersReactivated}</dd>
        <dt>Users unchanged</dt>
        <dd>{run.counts.usersUnchanged}</dd>
        <dt>Groups created</dt>
        <dd>{run.counts.groupsCreated}</dd>
        <dt>Groups updated</dt>
        <dd>{run.counts.groupsUpdated}</dd>
        <dt>Groups deleted</dt>
        <dd>{run.counts.groupsDeleted}</dd>
        <dt>Groups unchanged</dt>
        <dd>{run.counts.groupsUnchanged}</dd>
      </dl>
      {run.status === 'FAILED' && <Failure run={run} />}
    </section>
  );
}

function Failure({ run }: { run: SyncRunDetail }) {
  return (
    <p className="error-view">
      <code className="error-code">{run.errorCode ?? 'FAILED'}</code> {run.error ?? 'The run failed.'}
    </p>
  );
}

const userCounts = (c: SyncRunDetail['counts']) =>
  `+${c.usersCreated} created, ${c.usersUpdated} updated, ${c.usersDeactivated} deactivated, ${c.usersReactivated} reactivated, ${c.usersUnchanged} unchanged`;
const groupCounts = (c: SyncRunDetail['counts']) =>
  `+${c.groupsCreated} created, ${c.groupsUpdated} updated, ${c.groupsDeleted} deleted, ${c.groupsUnchanged} unchanged`;

function RunTable({ runs }: { runs: SyncRunDetail[] }) {
  return (
    <div className="table-wrap">
      <Table aria-labelledby="sync-history-heading">
        <TableHeader>
          <Column isRowHeader>Started</Column>
          <Column>Status</Column>
          <Column>Mode</Column>
          <Column>Trigger</Column>
          <Column>Finished</Column>
          <Column>Users</Column>
          <Column>Groups</Column>
          <Column>Failure</Column>
        </TableHeader>
        <TableBody items={runs}>
          {(run) => (
            <Row id={run.id}>
              <Cell>{formatDateTime(run.startedAt)}</Cell>
              <Cell>
                <span className={STATUS_BADGE[run.status]}>{humanize(run.status)}</span>
              </Cell>
              <Cell>{humanize(run.mode)}</Cell>
              <Cell>{TRIGGERS[run.trigger]}</Cell>
              <Cell>{formatDateTime(run.finishedAt)}</Cell>
              <Cell>{userCounts(run.counts)}</Cell>
              <Cell>{groupCounts(run.counts)}</Cell>
              <Cell>{run.status === 'FAILED' ? `${run.errorCode ?? 'FAILED'}: ${run.error ?? ''}` : '—'}</Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </div>
  );
}
