import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { useLocation } from 'wouter';
import { ConfirmButton } from '../../components/confirm-button.tsx';
import { ErrorView } from '../../components/error-view.tsx';
import { SelectInput } from '../../components/fields.tsx';
import { DeleteIamMutation, IamChoicesQuery, type IamDetail } from './iam-documents.ts';

type UsersChoice = 'none' | 'migrate' | 'delete';

/** Deleting an IAM: the API refuses while it has users, unless told to move them or delete them. */
export function DeleteIam({ iam }: { iam: IamDetail }) {
  const [, navigate] = useLocation();
  const [choice, setChoice] = useState<UsersChoice>('none');
  const [target, setTarget] = useState('');
  const [choices] = useQuery({ query: IamChoicesQuery });
  const [deletion, runDelete] = useMutation(DeleteIamMutation);
  const others = (choices.data?.iams ?? []).filter((other) => other.id !== iam.id);

  const remove = async () => {
    const result = await runDelete({
      id: iam.id,
      ...(choice === 'migrate' && target ? { migrateUsersTo: target } : {}),
      ...(choice === 'delete' ? { deleteUsers: true } : {}),
    });
    if (result.data?.deleteIam) navigate('/iams');
  };

  return (
    <div className="card danger-zone">
      <h2>Delete IAM</h2>
      <div className="grid-2">
        <SelectInput<UsersChoice>
          label="Its users"
          value={choice}
          onChange={setChoice}
          options={[
            { value: 'none', label: 'Only if it has no users' },
            { value: 'migrate', label: 'Move them to another IAM' },
            { value: 'delete', label: 'Delete them too' },
          ]}
        />
        {choice === 'migrate' && (
          <SelectInput
            label="Move the users to"
            value={target}
            onChange={setTarget}
            options={others.map((o) => ({ value: o.id, label: `${o.displayName} (${o.id})` }))}
          />
        )}
      </div>
      {deletion.error && <ErrorView error={deletion.error} title="The IAM was not deleted" />}
      <ConfirmButton
        label="Delete IAM"
        title={`Delete ${iam.displayName}?`}
        confirmLabel="Delete"
        onConfirm={remove}
        isDisabled={choice === 'migrate' && !target}
      >
        {choice === 'delete'
          ? 'The IAM and all of its users are deleted. This cannot be undone.'
          : choice === 'migrate'
            ? 'Its users move to the chosen IAM; then the IAM is deleted.'
            : 'The IAM is deleted; the API refuses while it still has users.'}
      </ConfirmButton>
    </div>
  );
}
