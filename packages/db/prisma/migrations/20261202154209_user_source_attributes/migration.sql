-- AlterTable
ALTER TABLE "User" ADD COLUMN     "sourceAttributes" JSONB NOT NULL DEFAULT '{}';
