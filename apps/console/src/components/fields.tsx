import type { ReactNode } from 'react';
import {
  Button,
  Checkbox,
  CheckboxGroup,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Switch,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';

/**
 * The console's form fields: React Aria components with a label, an optional description and the
 * validation message, so that every field is labelled and keyboard-operable the same way.
 */
interface FieldProps {
  readonly label: string;
  readonly description?: ReactNode;
  readonly isRequired?: boolean;
  readonly isDisabled?: boolean;
  /** A locked field says why (e.g. "Owned by Okta: changes come from the IdP"). */
  readonly isReadOnly?: boolean;
  readonly name?: string;
}

export function TextInput({
  value,
  onChange,
  type = 'text',
  placeholder,
  autoComplete,
  ...field
}: FieldProps & {
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'password' | 'url' | 'email' | 'search' | 'number';
  placeholder?: string;
  autoComplete?: string;
}) {
  return (
    <TextField
      value={value}
      onChange={onChange}
      type={type}
      isRequired={field.isRequired ?? false}
      isDisabled={field.isDisabled ?? false}
      isReadOnly={field.isReadOnly ?? false}
      {...(field.name ? { name: field.name } : {})}
      {...(autoComplete ? { autoComplete } : {})}
    >
      <Label>{field.label}</Label>
      <Input {...(placeholder ? { placeholder } : {})} />
      {field.description && <Text slot="description">{field.description}</Text>}
      <FieldError />
    </TextField>
  );
}

export function TextAreaInput({
  value,
  onChange,
  placeholder,
  rows,
  ...field
}: FieldProps & { value: string; onChange: (value: string) => void; placeholder?: string; rows?: number }) {
  return (
    <TextField
      value={value}
      onChange={onChange}
      isRequired={field.isRequired ?? false}
      isDisabled={field.isDisabled ?? false}
      isReadOnly={field.isReadOnly ?? false}
    >
      <Label>{field.label}</Label>
      <TextArea {...(placeholder ? { placeholder } : {})} {...(rows ? { rows } : {})} />
      {field.description && <Text slot="description">{field.description}</Text>}
      <FieldError />
    </TextField>
  );
}

export function SelectInput<V extends string>({
  value,
  onChange,
  options,
  ...field
}: FieldProps & { value: V; onChange: (value: V) => void; options: readonly { readonly value: V; readonly label: string }[] }) {
  return (
    <Select
      selectedKey={value}
      onSelectionChange={(key) => key !== null && onChange(key as V)}
      isRequired={field.isRequired ?? false}
      isDisabled={field.isDisabled ?? false}
    >
      <Label>{field.label}</Label>
      <Button>
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      {field.description && <Text slot="description">{field.description}</Text>}
      <FieldError />
      <Popover>
        <ListBox items={options.map((o) => ({ id: o.value, ...o }))}>
          {(option) => <ListBoxItem id={option.id}>{option.label}</ListBoxItem>}
        </ListBox>
      </Popover>
    </Select>
  );
}

export function CheckboxInput({
  isSelected,
  onChange,
  label,
  isDisabled,
}: {
  isSelected: boolean;
  onChange: (value: boolean) => void;
  label: ReactNode;
  isDisabled?: boolean;
}) {
  return (
    <Checkbox isSelected={isSelected} onChange={onChange} isDisabled={isDisabled ?? false}>
      <CheckMark />
      {label}
    </Checkbox>
  );
}

/** A group of checkboxes with one label: permissions, event types, scopes. */
export function CheckboxesInput<V extends string>({
  value,
  onChange,
  options,
  ...field
}: FieldProps & {
  value: readonly V[];
  onChange: (value: V[]) => void;
  options: readonly { readonly value: V; readonly label: string }[];
}) {
  return (
    <CheckboxGroup value={[...value]} onChange={(values) => onChange(values as V[])} isDisabled={field.isDisabled ?? false}>
      <Label>{field.label}</Label>
      <div className="options">
        {options.map((option) => (
          <Checkbox key={option.value} value={option.value}>
            <CheckMark />
            {option.label}
          </Checkbox>
        ))}
      </div>
      {field.description && <Text slot="description">{field.description}</Text>}
    </CheckboxGroup>
  );
}

export function SwitchInput({
  isSelected,
  onChange,
  label,
  isDisabled,
}: {
  isSelected: boolean;
  onChange: (value: boolean) => void;
  label: ReactNode;
  isDisabled?: boolean;
}) {
  return (
    <Switch isSelected={isSelected} onChange={onChange} isDisabled={isDisabled ?? false}>
      <span className="indicator" aria-hidden="true" />
      {label}
    </Switch>
  );
}

function CheckMark() {
  return (
    <span className="box" aria-hidden="true">
      <svg viewBox="0 0 18 18">
        <polyline points="1 9 7 14 15 4" />
      </svg>
    </span>
  );
}
