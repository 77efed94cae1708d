-- CreateEnum
CREATE TYPE "IamType" AS ENUM ('BUILTIN', 'LDAP', 'SAML', 'OIDC');

-- CreateTable
CREATE TABLE "Iam" (
    "id" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "type" "IamType" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "config" JSONB NOT NULL DEFAULT '{}',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "scimEnabled" BOOLEAN NOT NULL DEFAULT false,
    "scimTokenHash" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Iam_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "iamId" TEXT NOT NULL,
    "userName" TEXT NOT NULL,
    "userNameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "externalUsername" TEXT,
    "externalUsernameKey" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "deprovisionedAt" TIMESTAMPTZ(3),
    "displayName" TEXT,
    "givenName" TEXT,
    "familyName" TEXT,
    "profile" JSONB NOT NULL DEFAULT '{}',
    "source" TEXT NOT NULL,
    "permissions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "groupPermissions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UserEmail" (
    "userId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "iamId" TEXT NOT NULL,
    "value" TEXT NOT NULL,
    "valueKey" TEXT NOT NULL,
    "type" TEXT,
    "primary" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "UserEmail_pkey" PRIMARY KEY ("userId","position")
);

-- CreateTable
CREATE TABLE "Group" (
    "id" UUID NOT NULL,
    "iamId" TEXT NOT NULL,
    "displayName" TEXT NOT NULL,
    "displayNameKey" TEXT NOT NULL,
    "externalId" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Group_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "groupId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("groupId","userId")
);

-- CreateTable
CREATE TABLE "UserAttribute" (
    "userId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "values" TEXT[],

    CONSTRAINT "UserAttribute_pkey" PRIMARY KEY ("userId","name")
);

-- CreateTable
CREATE TABLE "GroupAttribute" (
    "groupId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "values" TEXT[],

    CONSTRAINT "GroupAttribute_pkey" PRIMARY KEY ("groupId","name")
);

-- CreateTable
CREATE TABLE "Event" (
    "seq" BIGINT NOT NULL,
    "type" TEXT NOT NULL,
    "iamId" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "Event_pkey" PRIMARY KEY ("seq")
);

-- CreateTable
CREATE TABLE "EventCounter" (
    "id" INTEGER NOT NULL,
    "last" BIGINT NOT NULL,

    CONSTRAINT "EventCounter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" UUID NOT NULL,
    "iamId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "error" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "permissions" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "lastUsedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "User_externalUsernameKey_key" ON "User"("externalUsernameKey");

-- CreateIndex
CREATE INDEX "User_iamId_externalId_idx" ON "User"("iamId", "externalId");

-- CreateIndex
CREATE INDEX "User_iamId_createdAt_id_idx" ON "User"("iamId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "User_iamId_userNameKey_key" ON "User"("iamId", "userNameKey");

-- CreateIndex
CREATE INDEX "UserEmail_iamId_valueKey_idx" ON "UserEmail"("iamId", "valueKey");

-- CreateIndex
CREATE INDEX "Group_iamId_externalId_idx" ON "Group"("iamId", "externalId");

-- CreateIndex
CREATE INDEX "Group_iamId_createdAt_id_idx" ON "Group"("iamId", "createdAt", "id");

-- CreateIndex
CREATE UNIQUE INDEX "Group_iamId_displayNameKey_key" ON "Group"("iamId", "displayNameKey");

-- CreateIndex
CREATE INDEX "Membership_userId_groupId_idx" ON "Membership"("userId", "groupId");

-- CreateIndex
CREATE INDEX "UserAttribute_name_idx" ON "UserAttribute"("name");

-- CreateIndex
CREATE INDEX "GroupAttribute_name_idx" ON "GroupAttribute"("name");

-- CreateIndex
CREATE INDEX "Event_iamId_seq_idx" ON "Event"("iamId", "seq");

-- CreateIndex
CREATE INDEX "Event_subjectId_seq_idx" ON "Event"("subjectId", "seq");

-- CreateIndex
CREATE INDEX "SyncRun_iamId_startedAt_idx" ON "SyncRun"("iamId", "startedAt");

-- CreateIndex
CREATE INDEX "SyncRun_status_idx" ON "SyncRun"("status");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_iamId_fkey" FOREIGN KEY ("iamId") REFERENCES "Iam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserEmail" ADD CONSTRAINT "UserEmail_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Group" ADD CONSTRAINT "Group_iamId_fkey" FOREIGN KEY ("iamId") REFERENCES "Iam"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UserAttribute" ADD CONSTRAINT "UserAttribute_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GroupAttribute" ADD CONSTRAINT "GroupAttribute_groupId_fkey" FOREIGN KEY ("groupId") REFERENCES "Group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_iamId_fkey" FOREIGN KEY ("iamId") REFERENCES "Iam"("id") ON DELETE CASCADE ON UPDATE CASCADE;
