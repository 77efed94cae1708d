import { EVENT_TYPE_OPTIONS } from '../api/event-types.ts';
import type { EventType } from '../api/use-event-feed.ts';
import { CheckboxesInput, SelectInput, TextAreaInput, TextInput } from '../components/fields.tsx';

/** The IAM choice that means every IAM's events (iamId null in the API). */
export const ALL_IAMS = '*';

/** What an endpoint is configured with, as the form holds it. */
export interface EndpointDraft {
  readonly url: string;
  readonly iamId: string;
  /** Excluded origins, one per line. */
  readonly origins: string;
  readonly description: string;
  readonly types: EventType[];
}

const EMPTY: EndpointDraft = { url: '', iamId: ALL_IAMS, origins: '', description: '', types: [] };

/** A draft of a new endpoint, or of `endpoint` as it is. */
export function endpointDraft(endpoint?: {
  url: string;
  iamId?: string | null;
  excludeOrigins: readonly string[];
  description?: string | null;
  types: readonly EventType[];
}): EndpointDraft {
  if (!endpoint) return EMPTY;
  return {
    url: endpoint.url,
    iamId: endpoint.iamId ?? ALL_IAMS,
    origins: endpoint.excludeOrigins.join('\n'),
    description: endpoint.description ?? '',
    types: [...endpoint.types],
  };
}

/** The API's input for a draft (null clears the IAM and the description). */
export function endpointInput(draft: EndpointDraft) {
  return {
    url: draft.url.trim(),
    iamId: draft.iamId === ALL_IAMS ? null : draft.iamId,
    types: draft.types,
    excludeOrigins: parseOrigins(draft.origins),
    description: draft.description.trim() || null,
  };
}

/** Excluded origins as typed: one per line (or comma-separated). */
export function parseOrigins(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((origin) => origin.trim())
    .filter(Boolean);
}

/** The fields of an endpoint, shared by "New endpoint" and an endpoint's settings. */
export function EndpointFields({
  draft,
  onChange,
  iams,
}: {
  draft: EndpointDraft;
  onChange: (draft: EndpointDraft) => void;
  iams: readonly { readonly id: string; readonly displayName: string }[];
}) {
  const set =
    <K extends keyof EndpointDraft>(key: K) =>
    (value: EndpointDraft[K]) =>
      onChange({ ...draft, [key]: value });
  return (
    <>
      <div className="grid-2">
        <TextInput
          label="URL"
          type="url"
          value={draft.url}
          onChange={set('url')}
          isRequired
          placeholder="https://hooks.example.com/roster"
        />
        <SelectInput
          label="IAM"
          value={draft.iamId}
          onChange={set('iamId')}
          options={[{ value: ALL_IAMS, label: 'All IAMs' }, ...iams.map((iam) => ({ value: iam.id, label: iam.displayName }))]}
        />
        <TextAreaInput
          label="Excluded origins"
          value={draft.origins}
          onChange={set('origins')}
          rows={2}
          description="One per line: an origin key (SCIM:okta, API_TOKEN:…) or a kind (SYNC, SCIM). Events they cause are not sent."
        />
        <TextInput label="Description" value={draft.description} onChange={set('description')} />
      </div>
      <details className="type-picker">
        <summary>Event types: {draft.types.length ? `${draft.types.length} selected` : 'all'}</summary>
        <CheckboxesInput
          label="Event types"
          value={draft.types}
          onChange={set('types')}
          options={EVENT_TYPE_OPTIONS}
          description="None selected: every type."
        />
      </details>
    </>
  );
}
