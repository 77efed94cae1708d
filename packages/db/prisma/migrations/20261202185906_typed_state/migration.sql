-- Status-like text columns become enums. ALTER COLUMN ... TYPE ... USING converts the rows in
-- place (the generated DROP/ADD COLUMN would have lost them); the indexes on them are rebuilt.
-- CreateEnum
CREATE TYPE "UserSource" AS ENUM ('ADMIN', 'SCIM', 'LDAP', 'SSO');

-- CreateEnum
CREATE TYPE "EventType" AS ENUM ('IAM_CREATED', 'IAM_UPDATED', 'IAM_DELETED', 'SCIM_TOKEN_ROTATED', 'USER_CREATED', 'USER_UPDATED', 'USER_DEACTIVATED', 'USER_REACTIVATED', 'USER_DELETED', 'USER_MIGRATED', 'USER_ATTRIBUTES_CHANGED', 'GROUP_CREATED', 'GROUP_UPDATED', 'GROUP_DELETED', 'GROUP_ATTRIBUTES_CHANGED', 'MEMBERSHIP_ADDED', 'MEMBERSHIP_REMOVED', 'SYNC_RUN_STARTED', 'SYNC_RUN_PROGRESS', 'SYNC_RUN_FINISHED', 'SYNC_RUN_FAILED');

-- CreateEnum
CREATE TYPE "SubjectType" AS ENUM ('IAM', 'USER', 'GROUP', 'SYNC_RUN');

-- CreateEnum
CREATE TYPE "SyncMode" AS ENUM ('FULL', 'DELTA');

-- CreateEnum
CREATE TYPE "SyncTrigger" AS ENUM ('SCHEDULE', 'MANUAL', 'API');

-- CreateEnum
CREATE TYPE "SyncStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "SamlRequestKind" AS ENUM ('LOGIN', 'LOGOUT', 'TEST_LOGIN');

-- AlterTable
ALTER TABLE "Event"
  ALTER COLUMN "type" TYPE "EventType" USING "type"::"EventType",
  ALTER COLUMN "subjectType" TYPE "SubjectType" USING "subjectType"::"SubjectType";

-- AlterTable
ALTER TABLE "SamlRequest" ALTER COLUMN "kind" TYPE "SamlRequestKind" USING "kind"::"SamlRequestKind";

-- AlterTable
ALTER TABLE "SyncRun"
  ADD COLUMN "errorCode" TEXT,
  ALTER COLUMN "mode" TYPE "SyncMode" USING "mode"::"SyncMode",
  ALTER COLUMN "trigger" TYPE "SyncTrigger" USING "trigger"::"SyncTrigger",
  ALTER COLUMN "status" TYPE "SyncStatus" USING "status"::"SyncStatus";

-- Runs failed before this migration stored "CODE: message" in "error" (codes are upper-case
-- words joined by "_"); split them into the code and the message. Reasons without a code
-- ("Interrupted: ...", "Stopped ...") are left as they are.
UPDATE "SyncRun"
   SET "errorCode" = substring("error" from '^([A-Z][A-Z0-9_]*): '),
       "error" = substring("error" from '^[A-Z][A-Z0-9_]*: (.*)$')
 WHERE "error" ~ '^[A-Z][A-Z0-9_]*: ';

-- AlterTable
ALTER TABLE "User" ALTER COLUMN "source" TYPE "UserSource" USING "source"::"UserSource";
