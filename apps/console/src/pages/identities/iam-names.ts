import { useQuery } from 'urql';
import { graphql } from '../../api/graphql.ts';

const IamNamesQuery = graphql(`
  query IamNames {
    iams {
      id
      displayName
      type
    }
  }
`);

/** The IAMs by ID, for naming a user's or group's IAM and for the IAM filter (one small query). */
export function useIamNames() {
  const [{ data }] = useQuery({ query: IamNamesQuery });
  const iams = data?.iams ?? [];
  return { iams, nameOf: (id: string) => iams.find((iam) => iam.id === id)?.displayName ?? id };
}
