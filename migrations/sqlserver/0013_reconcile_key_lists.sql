-- Table types for the reconciler's and the bulk load's batched reads: a batch's keys travel as one table-valued
-- parameter and each legacy table is joined to it, never one query per key nor an IN list of hundreds of literals.
CREATE TYPE dbo.strangler_bigint_keys AS TABLE (k bigint NOT NULL PRIMARY KEY);
GO
CREATE TYPE dbo.strangler_text_keys AS TABLE (k nvarchar(450) NOT NULL PRIMARY KEY);
