-- AlterTable
ALTER TABLE "Event" ADD COLUMN     "origin" JSONB,
ADD COLUMN     "subject" JSONB;
