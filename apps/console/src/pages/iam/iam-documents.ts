import { graphql, type ResultOf } from '../../api/graphql.ts';

/** Everything the IAM page and its settings form read about one IAM (never a secret). */
export const IamDetailFields = graphql(`
  fragment IamDetailFields on Iam {
    id
    displayName
    type
    enabled
    createdAt
    updatedAt
    ssoCallbackUrl
    samlEntityId
    samlSingleLogoutServiceUrl
    samlMetadataUrl
    loginReadiness {
      ready
      missing
    }
    scim {
      enabled
      hasToken
      url
    }
    defaultPermissions
    groupPermissions {
      group
      permissions
    }
    profileSchema {
      field
      source
    }
    attributeSchema {
      source
      prefix
      key
      delimiter
    }
    syncGroups
    syncAttributes
    userMatchingAttribute
    groupMatchingAttribute
    migrateUsersFrom
    externalEndpoint {
      url
      timeoutMs
      lastCall {
        at
        ok
        error
      }
    }
    saml {
      entryPoint
      idpCertificate
      idpIssuer
      issuer
      requestBinding
      userIdAttribute
      groupAttribute
      singleLogoutEnabled
      singleLogoutUrl
      clockSkewSeconds
      allowIdpInitiated
      signingCertificate
      hasSigningPrivateKey
      decryptionCertificate
      hasDecryptionPrivateKey
    }
    oidc {
      discoveryUrl
      issuer
      authorizationEndpoint
      tokenEndpoint
      userinfoEndpoint
      jwksUri
      clientId
      hasClientSecret
      scopes
      userIdClaim
      groupsClaim
      allowInsecureRequests
      allowIdpInitiated
    }
    ldap {
      url
      startTls
      tlsVerify
      caCertificate
      bindDn
      hasBindPassword
      userBaseDn
      userFilter
      groupBaseDn
      groupFilter
      userIdAttribute
      groupNameAttribute
      membership
      sync {
        enabled
        schedule
        pagingEnabled
        pageSize
        fullSyncIntervalHours
        deactivationLimitPercent
        userFilter
      }
    }
  }
`);

export type IamDetail = ResultOf<typeof IamDetailFields>;

export const IamQuery = graphql(
  `
    query Iam($id: String!) {
      iam(id: $id) {
        ...IamDetailFields
      }
    }
  `,
  [IamDetailFields],
);

/** The other IAMs, for "migrate users from" and "move the users to". */
export const IamChoicesQuery = graphql(`
  query IamChoices {
    iams {
      id
      displayName
      type
    }
  }
`);

export const CreateIamMutation = graphql(
  `
    mutation CreateIam($input: CreateIamInput!) {
      createIam(input: $input) {
        scimToken
        iam {
          ...IamDetailFields
        }
      }
    }
  `,
  [IamDetailFields],
);

export const UpdateIamMutation = graphql(
  `
    mutation UpdateIam($id: String!, $input: UpdateIamInput!) {
      updateIam(id: $id, input: $input) {
        scimToken
        rederivedUsers
        iam {
          ...IamDetailFields
        }
      }
    }
  `,
  [IamDetailFields],
);

export const DeleteIamMutation = graphql(`
  mutation DeleteIam($id: String!, $migrateUsersTo: String, $deleteUsers: Boolean) {
    deleteIam(id: $id, migrateUsersTo: $migrateUsersTo, deleteUsers: $deleteUsers)
  }
`);

export const TestConnectionMutation = graphql(`
  mutation TestIamConnection($id: String!) {
    testIamConnection(id: $id) {
      ok
      steps {
        name
        ok
        message
        durationMs
      }
    }
  }
`);

export const StartTestUserLoginMutation = graphql(`
  mutation StartTestUserLogin($iamId: String!, $input: UpdateIamInput) {
    startTestUserLogin(iamId: $iamId, input: $input) {
      loginUrl
      expiresAt
    }
  }
`);

export const RotateScimTokenMutation = graphql(`
  mutation RotateScimToken($iamId: String!) {
    rotateScimToken(iamId: $iamId) {
      scimToken
    }
  }
`);

export const SyncRunFields = graphql(`
  fragment SyncRunFields on SyncRun {
    id
    mode
    trigger
    status
    startedAt
    finishedAt
    error
    errorCode
    counts {
      usersCreated
      usersUpdated
      usersDeactivated
      usersReactivated
      usersUnchanged
      groupsCreated
      groupsUpdated
      groupsDeleted
      groupsUnchanged
    }
  }
`);

export type SyncRunDetail = ResultOf<typeof SyncRunFields>;

export const SyncRunsQuery = graphql(
  `
    query SyncRuns($iamId: String!) {
      syncRuns(iamId: $iamId, first: 20) {
        ...SyncRunFields
      }
    }
  `,
  [SyncRunFields],
);

export const TriggerSyncMutation = graphql(
  `
    mutation TriggerLdapSync($iamId: String!, $mode: SyncMode!) {
      triggerLdapSync(iamId: $iamId, mode: $mode) {
        ...SyncRunFields
      }
    }
  `,
  [SyncRunFields],
);

export const SyncRunSubscription = graphql(
  `
    subscription SyncRunProgress($id: ID!) {
      syncRun(id: $id) {
        ...SyncRunFields
      }
    }
  `,
  [SyncRunFields],
);
