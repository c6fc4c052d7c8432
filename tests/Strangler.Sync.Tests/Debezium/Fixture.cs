namespace Strangler.Sync.Tests.Debezium;

/// <summary>Reads Debezium messages kept under Fixtures/Debezium.</summary>
internal static class Fixture
{
    public static byte[] Bytes(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "Debezium", name));
}
