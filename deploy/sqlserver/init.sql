-- The sample legacy schema on SQL Server, with change data capture on the tables Debezium streams.
-- Run once by the sqlserver-init service in docker-compose.yml; every statement is guarded so a re-run is harmless.
IF DB_ID('Legacy') IS NULL CREATE DATABASE Legacy;
GO
USE Legacy;
GO
IF OBJECT_ID('dbo.Customers') IS NULL
  CREATE TABLE dbo.Customers (
    Id INT NOT NULL PRIMARY KEY, Name NVARCHAR(200) NOT NULL, Email NVARCHAR(320) NULL,
    CreatedAt DATETIME2 NOT NULL DEFAULT SYSUTCDATETIME());
IF OBJECT_ID('dbo.Addresses') IS NULL
  CREATE TABLE dbo.Addresses (
    Id INT NOT NULL PRIMARY KEY, CustomerId INT NOT NULL REFERENCES dbo.Customers(Id),
    Street NVARCHAR(200) NOT NULL, City NVARCHAR(100) NOT NULL, Kind NVARCHAR(20) NOT NULL);
IF OBJECT_ID('dbo.Orders') IS NULL
  CREATE TABLE dbo.Orders (
    Id INT NOT NULL PRIMARY KEY, CustomerId INT NOT NULL REFERENCES dbo.Customers(Id),
    Total DECIMAL(12,2) NOT NULL, PlacedAt DATETIME2 NOT NULL DEFAULT SYSUTCDATETIME());
GO
IF (SELECT is_cdc_enabled FROM sys.databases WHERE name = 'Legacy') = 0 EXEC sys.sp_cdc_enable_db;
GO
IF NOT EXISTS (SELECT 1 FROM cdc.change_tables WHERE source_object_id = OBJECT_ID('dbo.Customers'))
  EXEC sys.sp_cdc_enable_table @source_schema = 'dbo', @source_name = 'Customers', @role_name = NULL;
IF NOT EXISTS (SELECT 1 FROM cdc.change_tables WHERE source_object_id = OBJECT_ID('dbo.Addresses'))
  EXEC sys.sp_cdc_enable_table @source_schema = 'dbo', @source_name = 'Addresses', @role_name = NULL;
GO
