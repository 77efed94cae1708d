import { useEffect, useState } from 'react';
import { useSearchParams } from 'wouter';

/**
 * A page's state in the query string (search, filters, sort, page cursor), so that reload, back
 * and a shared link show the same page. Setting a key clears the page cursor unless told otherwise:
 * a new filter starts on the first page.
 */
export function useUrlState(): [
  URLSearchParams,
  (changes: Record<string, string | null>, options?: { keepPage?: boolean; replace?: boolean }) => void,
] {
  const [params, setParams] = useSearchParams();
  const set = (changes: Record<string, string | null>, options: { keepPage?: boolean; replace?: boolean } = {}) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (!options.keepPage) {
          next.delete('after');
          next.delete('before');
        }
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: options.replace ?? false },
    );
  };
  return [params, set];
}

/** A connection's arguments for a keyset page: `first`/`after` forwards, `last`/`before` backwards. */
export function keysetArgs(page: { readonly after?: string | null; readonly before?: string | null }, size: number) {
  return page.before ? { last: size, before: page.before } : { first: size, ...(page.after ? { after: page.after } : {}) };
}

/** The keyset page a query string asks for (see {@link keysetArgs}). */
export function pageArgs(params: URLSearchParams, size: number) {
  return keysetArgs({ after: params.get('after'), before: params.get('before') }, size);
}

/** A text field's value, passed on once typing pauses. */
export function useDebounced(value: string, delayMs = 250): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * A search field kept in the query string under `key`: typing reaches the URL (replacing the
 * entry, not adding one per keystroke) once it pauses; back and forward put the URL's text back
 * into the field.
 */
export function useSearchText(key = 'q', delayMs = 250): { text: string; setText: (text: string) => void; applied: string } {
  const [params, setParams] = useUrlState();
  const applied = params.get(key) ?? '';
  // `seen`: the URL's text this field last agreed with; a different one came from navigation.
  const [state, setState] = useState({ text: applied, seen: applied });
  if (state.seen !== applied) setState({ text: applied, seen: applied });
  useEffect(() => {
    if (state.text === state.seen) return;
    const timer = setTimeout(() => {
      setState((s) => ({ text: s.text, seen: s.text }));
      setParams({ [key]: state.text }, { replace: true });
    }, delayMs);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- setParams is new on every render
  }, [state.text, state.seen, key, delayMs]);
  return { text: state.seen !== applied ? applied : state.text, setText: (text) => setState((s) => ({ ...s, text })), applied };
}

/** The last answer while the next one loads, so a table does not blink on every keystroke. */
export function useKept<T>(value: T | undefined): T | undefined {
  const [kept, setKept] = useState(value);
  if (value !== undefined && value !== kept) setKept(value);
  return value ?? kept;
}
