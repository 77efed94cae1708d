import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useMutation, useQuery } from 'urql';
import { readFragment } from '../../api/graphql.ts';
import { ErrorView } from '../../components/error-view.tsx';
import { IamChoicesQuery, IamDetailFields, StartTestUserLoginMutation, UpdateIamMutation, type IamDetail } from './iam-documents.ts';
import { IamForm } from './iam-form.tsx';
import { updateIamInput } from './iam-form-input.ts';
import { iamFormOf, secretsSetOf } from './iam-form-state.ts';

/** The IAM's settings; an administrator saves the fields changed (updateIam), others read them. */
export function SettingsPanel({ iam, readOnly }: { iam: IamDetail; readOnly: boolean }) {
  const [saved, setSaved] = useState(() => iamFormOf(iam));
  const [form, setForm] = useState(saved);
  const [notice, setNotice] = useState<string | null>(null);
  const [choices] = useQuery({ query: IamChoicesQuery });
  const [update, run] = useMutation(UpdateIamMutation);
  const [login, startLogin] = useMutation(StartTestUserLoginMutation);
  const canTestLogin = !readOnly && (iam.type === 'SAML' || iam.type === 'OIDC');

  // A test login with the form as it is, unsaved: the IdP's answer shows whether the change works.
  const testLogin = async () => {
    const result = await startLogin({ iamId: iam.id, input: updateIamInput(iam.type, form, saved) });
    const url = result.data?.startTestUserLogin.loginUrl;
    if (url) window.open(url, '_blank', 'noopener');
  };

  const save = async () => {
    const input = updateIamInput(iam.type, form, saved);
    if (Object.keys(input).length === 0) {
      setNotice('Nothing changed.');
      return;
    }
    setNotice(null);
    const result = await run({ id: iam.id, input });
    const payload = result.data?.updateIam;
    if (!payload) return;
    const next = iamFormOf(readFragment(IamDetailFields, payload.iam));
    setSaved(next);
    setForm(next);
    const rederived =
      payload.rederivedUsers === null || payload.rederivedUsers === undefined ? '' : ` ${payload.rederivedUsers} users re-derived.`;
    setNotice(`Saved.${rederived}`);
  };

  return (
    <div className="card">
      <h2>Settings</h2>
      {readOnly && <p className="muted">Read-only: changing an IAM needs the APPLICATION_ADMIN permission.</p>}
      <IamForm
        type={iam.type}
        value={form}
        onChange={(next) => {
          setForm(next);
          setNotice(null);
        }}
        readOnly={readOnly}
        isNew={false}
        secrets={secretsSetOf(iam)}
        iamChoices={(choices.data?.iams ?? []).filter((other) => other.id !== iam.id)}
        onSubmit={() => void save()}
        submitLabel="Save changes"
        isSaving={update.fetching}
        extraActions={
          canTestLogin && (
            <Button onPress={() => void testLogin()} isDisabled={login.fetching}>
              Test User Login with these settings
            </Button>
          )
        }
        feedback={
          <>
            {update.error && !notice && <ErrorView error={update.error} title="The changes were not saved" />}
            {login.error && <ErrorView error={login.error} title="The test login could not start" />}
            {notice && (
              <p className="notice" role="status">
                {notice}
              </p>
            )}
          </>
        }
      />
    </div>
  );
}
