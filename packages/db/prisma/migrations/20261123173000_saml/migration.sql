-- AlterTable
ALTER TABLE "Iam" ADD COLUMN     "externalLookupAt" TIMESTAMPTZ(3),
ADD COLUMN     "externalLookupError" TEXT;

-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "ssoNameId" TEXT,
ADD COLUMN     "ssoSessionIndex" TEXT;

-- CreateTable
CREATE TABLE "SamlRequest" (
    "id" TEXT NOT NULL,
    "iamId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "relayState" TEXT,
    "sessionId" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SamlRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SamlAssertion" (
    "iamId" TEXT NOT NULL,
    "assertionId" TEXT NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "SamlAssertion_pkey" PRIMARY KEY ("iamId","assertionId")
);

-- CreateIndex
CREATE INDEX "SamlRequest_expiresAt_idx" ON "SamlRequest"("expiresAt");

-- CreateIndex
CREATE INDEX "SamlAssertion_expiresAt_idx" ON "SamlAssertion"("expiresAt");
