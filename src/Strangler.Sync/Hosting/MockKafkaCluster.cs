using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Strangler.Kafka;

namespace Strangler.Sync.Hosting;

/// <summary>
/// librdkafka's mock cluster, owned by this process: a Kafka-protocol broker on a 127.0.0.1 port that other
/// processes reach at <see cref="BootstrapServers"/>. It keeps nothing on disk and lives as long as this object.
/// The sync worker's <c>UseMockCluster</c>, <c>strangler dev kafka</c> and the tests all start it here.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(10);
    private readonly IProducer<byte[], byte[]> _owner;

    /// <summary>Starts the cluster.</summary>
    /// <param name="brokers">How many brokers it runs.</param>
    /// <param name="immediateRebalance">Answer a new group's first join at once instead of after the broker's
    /// 3 s initial rebalance delay (see below); off keeps the broker's default.</param>
    /// <param name="loggers">Where the owning client's own log and errors go (category
    /// <c>Strangler.Sync.Kafka.MockCluster</c>); none drops them.</param>
    public MockKafkaCluster(int brokers = 1, bool immediateRebalance = false, ILoggerFactory? loggers = null)
    {
        var config = new ProducerConfig();
        config.Set("test.mock.num.brokers", brokers.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Warnings and errors only: at its default level the owner prints a notice that "original bootstrap.servers
        // and security.protocol" are "ignored and replaced", the first line a demo user saw, about settings never made.
        config.Set("log_level", "4");
        _owner = new ProducerBuilder<byte[], byte[]>(config).LogTo(KafkaClientLog.For(loggers, KafkaLogCategories.SyncMockCluster, config)).Build();
        using var admin = new DependentAdminClientBuilder(_owner.Handle).Build();
        BootstrapServers = string.Join(',', admin.GetMetadata(MetadataTimeout).Brokers.Select(b => $"{b.Host}:{b.Port}"));
        // The mock broker, like a real one, waits group.initial.rebalance.delay.ms (3 s) before it answers a new
        // group's first join; but it also drops a joining member whose session is shorter than that, leaving the
        // consumer waiting 30 s for an answer. A development broker has no reason to wait: 0, as librdkafka's own
        // tests set it.
        if (immediateRebalance && OperatingSystem.IsLinux())
        {
            var setDelay = Marshal.GetDelegateForFunctionPointer<InitialRebalanceDelay>(
                NativeLibrary.GetExport(LoadedLibrdkafka(), "rd_kafka_mock_group_initial_rebalance_delay_ms"));
            setDelay(Cluster(), 0);
            GC.KeepAlive(_owner);
        }
    }

    /// <summary>The cluster's address, e.g. <c>127.0.0.1:40123</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>
    /// Creates a topic with <paramref name="partitions"/> partitions. The mock broker names no controller, so the
    /// Admin API's CreateTopics times out; the mock API creates it instead.
    /// </summary>
    public void CreateTopic(string topic, int partitions)
    {
        var topicCreate = Marshal.GetDelegateForFunctionPointer<TopicCreate>(NativeLibrary.GetExport(LoadedLibrdkafka(), "rd_kafka_mock_topic_create"));
        var error = topicCreate(Cluster(), topic, partitions, 1);
        GC.KeepAlive(_owner);
        if (error != 0)
        {
            throw new InvalidOperationException($"The mock cluster refused to create topic '{topic}' ({partitions} partitions): error {error}.");
        }
    }

    /// <summary>
    /// Delays every answer of broker <paramref name="brokerId"/> (from 1) by <paramref name="rtt"/>: a broker that stops
    /// answering without closing its connections (frozen, or cut off by the network); zero restores it.
    /// </summary>
    internal void SetBrokerRoundTrip(int brokerId, TimeSpan rtt)
    {
        var setRtt = Marshal.GetDelegateForFunctionPointer<BrokerRtt>(NativeLibrary.GetExport(LoadedLibrdkafka(), "rd_kafka_mock_broker_set_rtt"));
        var error = setRtt(Cluster(), brokerId, (int)rtt.TotalMilliseconds);
        GC.KeepAlive(_owner);
        if (error != 0)
        {
            throw new InvalidOperationException($"The mock cluster refused to delay broker {brokerId}: error {error}.");
        }
    }

    /// <summary>Takes broker <paramref name="brokerId"/> down (its connections closed, new ones refused) or back up.</summary>
    internal void SetBrokerDown(int brokerId, bool down)
    {
        var set = Marshal.GetDelegateForFunctionPointer<BrokerState>(
            NativeLibrary.GetExport(LoadedLibrdkafka(), down ? "rd_kafka_mock_broker_set_down" : "rd_kafka_mock_broker_set_up"));
        var error = set(Cluster(), brokerId);
        GC.KeepAlive(_owner);
        if (error != 0)
        {
            throw new InvalidOperationException($"The mock cluster refused to take broker {brokerId} {(down ? "down" : "up")}: error {error}.");
        }
    }

    /// <summary>
    /// Answers the next <paramref name="errors"/>.Length requests of Kafka API <paramref name="apiKey"/> (8 is
    /// OffsetCommit), on any broker, with these errors, in order: a broker that refuses a request once.
    /// </summary>
    internal void FailNextRequests(short apiKey, params ErrorCode[] errors)
    {
        var push = Marshal.GetDelegateForFunctionPointer<PushRequestErrors>(
            NativeLibrary.GetExport(LoadedLibrdkafka(), "rd_kafka_mock_push_request_errors_array"));
        push(Cluster(), apiKey, (nuint)errors.Length, [.. errors.Select(e => (int)e)]);
        GC.KeepAlive(_owner);
    }

    public void Dispose() => _owner.Dispose();

    /// <summary>The native mock cluster of the owning client.</summary>
    private IntPtr Cluster()
    {
        var handleMockCluster = Marshal.GetDelegateForFunctionPointer<HandleMockCluster>(
            NativeLibrary.GetExport(LoadedLibrdkafka(), "rd_kafka_handle_mock_cluster"));
        // Handle.LibrdkafkaHandle is internal; the native rd_kafka_t pointer is what the mock API wants.
        var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("Confluent.Kafka no longer has Handle.LibrdkafkaHandle.");
        var cluster = handleMockCluster(((SafeHandle)property.GetValue(_owner.Handle)!).DangerousGetHandle());
        return cluster != IntPtr.Zero ? cluster : throw new InvalidOperationException("The client owns no mock cluster.");
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void InitialRebalanceDelay(IntPtr mcluster, int delayMs);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr HandleMockCluster(IntPtr rk);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BrokerRtt(IntPtr mcluster, int brokerId, int rttMs);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void PushRequestErrors(IntPtr mcluster, short apiKey, nuint count, int[] errors);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BrokerState(IntPtr mcluster, int brokerId);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int TopicCreate(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitionCount, int replicationFactor);

    /// <summary>
    /// Confluent.Kafka picks one of several bundled librdkafka builds at run time; the mock API must be called in that
    /// same copy, found among the process's mapped files.
    /// </summary>
    private static IntPtr LoadedLibrdkafka()
    {
        var path = File.ReadLines("/proc/self/maps")
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 6 && parts[5].EndsWith("librdkafka.so", StringComparison.Ordinal))
            .Select(parts => parts[5])
            .FirstOrDefault()
            ?? throw new PlatformNotSupportedException("Creating topics on the mock cluster needs Linux (librdkafka found through /proc/self/maps).");
        return NativeLibrary.Load(path);
    }
}
