using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Strangler.Sync.Tests.Kafka;

/// <summary>
/// The parts of librdkafka's mock-cluster API that Confluent.Kafka does not wrap. The mock broker names no
/// controller, so the Admin API's CreateTopics times out; topics are created through the mock API instead.
/// </summary>
internal static class MockCluster
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr HandleMockCluster(IntPtr rk);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int TopicCreate(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitionCount, int replicationFactor);

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions on the mock cluster owned by <paramref name="owner"/>.</summary>
    public static void CreateTopic(Handle owner, string topic, int partitions)
    {
        var library = LoadedLibrary();
        var handleMockCluster = Marshal.GetDelegateForFunctionPointer<HandleMockCluster>(NativeLibrary.GetExport(library, "rd_kafka_handle_mock_cluster"));
        var topicCreate = Marshal.GetDelegateForFunctionPointer<TopicCreate>(NativeLibrary.GetExport(library, "rd_kafka_mock_topic_create"));

        // Handle.LibrdkafkaHandle is internal; the native rd_kafka_t pointer is what the mock API wants.
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("Confluent.Kafka no longer has Handle.LibrdkafkaHandle.");
        var safeHandle = (SafeHandle)property.GetValue(owner)!;
        var cluster = handleMockCluster(safeHandle.DangerousGetHandle());
        if (cluster == IntPtr.Zero)
        {
            throw new InvalidOperationException("The client owns no mock cluster.");
        }

        var error = topicCreate(cluster, topic, partitions, 1);
        if (error != 0)
        {
            throw new InvalidOperationException($"Mock cluster refused to create topic '{topic}': error {error}.");
        }

        GC.KeepAlive(owner);
    }

    /// <summary>
    /// Confluent.Kafka picks one of several bundled librdkafka builds at run time (the first whose dependencies load);
    /// the mock API must be called in that same copy, found among the process's mapped files.
    /// </summary>
    private static IntPtr LoadedLibrary()
    {
        var path = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 6 && parts[5].EndsWith("librdkafka.so", StringComparison.Ordinal))
            .Select(parts => parts[5])
            .FirstOrDefault()
            ?? throw new InvalidOperationException("librdkafka is not loaded in this process.");
        return NativeLibrary.Load(path);
    }
}
