import type { ReactNode } from 'react';
import { SelectInput, SwitchInput, TextAreaInput, TextInput } from '../../components/fields.tsx';

type KeysOf<S, T> = { [K in keyof S]: S[K] extends T ? K : never }[keyof S];

interface TextOptions {
  readonly description?: ReactNode;
  readonly placeholder?: string;
  readonly isRequired?: boolean;
  readonly multiline?: boolean;
  readonly type?: 'text' | 'url' | 'number';
}

/**
 * Fields bound to one section of the settings form: each reads `value[key]` and writes a copy with
 * that key changed. Read-only viewers get the same fields, locked.
 */
export function bindFields<S extends object>(value: S, onChange: (next: S) => void, readOnly: boolean) {
  const set = <K extends keyof S>(key: K, next: S[K]) => onChange({ ...value, [key]: next });
  return {
    text(key: KeysOf<S, string>, label: string, options: TextOptions = {}) {
      const common = {
        label,
        value: value[key] as string,
        onChange: (next: string) => set(key, next as S[typeof key]),
        isReadOnly: readOnly,
        ...(options.description ? { description: options.description } : {}),
        ...(options.placeholder ? { placeholder: options.placeholder } : {}),
        ...(options.isRequired ? { isRequired: true } : {}),
      };
      if (options.multiline) return <TextAreaInput {...common} rows={5} />;
      return <TextInput {...common} type={options.type ?? 'text'} />;
    },
    flag(key: KeysOf<S, boolean>, label: string) {
      return (
        <SwitchInput
          label={label}
          isSelected={value[key] as boolean}
          onChange={(next) => set(key, next as S[typeof key])}
          isDisabled={readOnly}
        />
      );
    },
    choice<V extends string>(key: KeysOf<S, V>, label: string, options: readonly { value: V; label: string }[]) {
      return (
        <SelectInput<V>
          label={label}
          value={value[key] as V}
          onChange={(next) => set(key, next as S[typeof key])}
          options={options}
          isDisabled={readOnly}
        />
      );
    },
    /** A write-only secret: never shown; "set" or "not set", and a field to replace it. */
    secret(key: KeysOf<S, string>, label: string, isSet: boolean) {
      const state = isSet ? 'Set. Leave empty to keep it, or type a new one to replace it.' : 'Not set.';
      if (readOnly)
        return (
          <p className="secret-state">
            <strong>{label}:</strong> {isSet ? 'set' : 'not set'} (write-only)
          </p>
        );
      return (
        <TextInput
          label={label}
          type="password"
          autoComplete="new-password"
          value={value[key] as string}
          onChange={(next) => set(key, next as S[typeof key])}
          description={state}
        />
      );
    },
  };
}
