using Microsoft.Extensions.Logging;

namespace Strangler.Gateway.Fleet;

/// <summary>Source-generated log messages of the fleet (ids 400-449). The connection string is never logged.</summary>
internal static partial class FleetLog
{
    [LoggerMessage(400, LogLevel.Information, "Route state revision {Revision} serving ({Count} sub-domain(s), from {Source})")]
    public static partial void StateServed(ILogger logger, long revision, int count, string source);

    [LoggerMessage(424, LogLevel.Information, "Route state revision {Revision} serving ({Count} sub-domain(s), from {Source}): {Changes}")]
    public static partial void StateServedWithChanges(ILogger logger, long revision, int count, string source, string changes);

    [LoggerMessage(425, LogLevel.Information, "Route state revision {Revision} passed over, this replica went on to revision {Served}: {Changes}")]
    public static partial void RevisionPassedOver(ILogger logger, long revision, long served, string changes);

    [LoggerMessage(426, LogLevel.Information, "Route state revisions {First} to {Last} passed over, this replica went on to revision {Served}: {Count} revision(s) not listed here (strangler routes history lists them)")]
    public static partial void RevisionsPassedOver(ILogger logger, long first, long last, long served, int count);

    // {Store}: "unreachable", or "not migrated" for a store that answers without the fleet's tables, which only
    // strangler migrate mends (see FleetRouteState.StoreTrouble).
    [LoggerMessage(401, LogLevel.Warning, "Route store {Store} ({Error}); revision {Revision} keeps serving")]
    public static partial void StoreLost(ILogger logger, string store, string error, long revision);

    [LoggerMessage(402, LogLevel.Information, "Route store reachable again; caught up at revision {Revision}")]
    public static partial void StoreBack(ILogger logger, long revision);

    [LoggerMessage(403, LogLevel.Error, "Route store {Store} at start and no usable cached state in {CacheFile} ({Problem}): not ready until the store answers")]
    public static partial void NothingToServe(ILogger logger, string store, string cacheFile, string? problem);

    [LoggerMessage(404, LogLevel.Warning, "Route store {Store} at start: serving the cached revision {Revision} from {CacheFile}")]
    public static partial void ServingCache(ILogger logger, string store, long revision, string cacheFile);

    [LoggerMessage(405, LogLevel.Warning, "The cached route state in {CacheFile} could not be written")]
    public static partial void CacheNotWritten(ILogger logger, string cacheFile, Exception exception);

    [LoggerMessage(406, LogLevel.Information, "Empty route store seeded from {Directory} at revision {Revision}")]
    public static partial void Seeded(ILogger logger, string directory, long revision);

    [LoggerMessage(407, LogLevel.Information, "Lease {Name} taken by replica {Replica}")]
    public static partial void LeaseTaken(ILogger logger, string name, string replica);

    [LoggerMessage(408, LogLevel.Warning, "Lease {Name} lost by replica {Replica}")]
    public static partial void LeaseLost(ILogger logger, string name, string replica);

    [LoggerMessage(409, LogLevel.Warning, "Heartbeat not written: {Error}")]
    public static partial void HeartbeatFailed(ILogger logger, string error);

    [LoggerMessage(410, LogLevel.Error, "The route store holds an invalid state, the last good table keeps serving: {Error}")]
    public static partial void StateRejected(ILogger logger, string error);

    [LoggerMessage(411, LogLevel.Warning, "Traffic figures not published to the route store: {Error}")]
    public static partial void TrafficNotPublished(ILogger logger, string error);

    [LoggerMessage(412, LogLevel.Warning, "Flip of {Subdomain} by {Actor} not committed: the route store failed ({Error}); nothing changed, revision {Revision} keeps serving")]
    public static partial void CommitFailed(ILogger logger, string subdomain, string actor, string error, long revision, Exception exception);

    [LoggerMessage(414, LogLevel.Information, "Replica {Replica} stopping: its {Row} marked as left in the route store, so the fleet sees it left, not silent")]
    public static partial void Left(ILogger logger, string replica, string row);

    [LoggerMessage(415, LogLevel.Warning, "Replica {Replica} stopping: its {Row} could not be marked as left in the route store ({Error}); the fleet sees it silent until ReplicaGoneAfter")]
    public static partial void LeaveFailed(ILogger logger, string replica, string row, string error);

    [LoggerMessage(416, LogLevel.Information, "Replica {Replica} took over the evidence its previous run published under this id: {Requests} request(s), {Errors} error(s), {Compared} shadow comparison(s), {Differing} differing; they count while the gates' window reaches them")]
    public static partial void PredecessorTakenOver(ILogger logger, string replica, long requests, long errors, long compared, long differing);

    [LoggerMessage(417, LogLevel.Warning, "Replica {Replica}: the evidence its previous run published under this id is not taken over ({Problem}); this run's publications replace it")]
    public static partial void PredecessorUnreadable(ILogger logger, string replica, string problem);

    [LoggerMessage(427, LogLevel.Warning, "Replica {Replica}: its previous run's clock ran {Seconds} s from this run's (another machine?); the evidence it published is moved onto this run's clock as it is taken over. Keep the fleet's clocks in step (NTP)")]
    public static partial void PredecessorClockOff(ILogger logger, string replica, long seconds);

    [LoggerMessage(418, LogLevel.Error, "Replica id {Replica} is already in use by another running gateway ({Holder}); this gateway (run {Run} on host {Host}, pid {ProcessId}) does not overwrite its row: it publishes no heartbeat, traffic or gate evidence under that id, takes no fleet lease, and reports not ready on /readyz until that one stops. Set a distinct Strangler:Gateway:Fleet:ReplicaId for one of them, or leave it unset for the default (host name and listening ports): {HowToPickAnother}")]
    public static partial void ReplicaIdInUse(ILogger logger, string replica, string holder, string run, string host, int processId, string howToPickAnother);

    [LoggerMessage(419, LogLevel.Information, "Replica {Replica}: heartbeat row taken over from {Holder} ({Why})")]
    public static partial void ReplicaRowTakenOver(ILogger logger, string replica, string holder, string why);

    [LoggerMessage(420, LogLevel.Error, "Route store is empty and the routes directory {Directory} has errors, so this replica did not seed it: {Errors}. Until the store holds routes this replica is not ready (/readyz 503) and would send every path to the DefaultUpstream: fix the files and restart this replica, or push them with strangler routes apply")]
    public static partial void SeedRejected(ILogger logger, string directory, string errors);

    [LoggerMessage(421, LogLevel.Warning, "Route store is empty and the routes directory {Directory} holds no route file, so there was nothing to seed: until the store holds routes this replica is not ready (/readyz 503) and would send every path to the DefaultUpstream (strangler routes apply, or a replica started with route files)")]
    public static partial void NothingToSeed(ILogger logger, string directory);

    [LoggerMessage(422, LogLevel.Information, "Route store holds revision {Revision}, the fleet's truth: the routes directory {Directory} only seeds an empty store, and edits to it are not read (strangler routes apply pushes route files to the store)")]
    public static partial void DirectoryNotRead(ILogger logger, long revision, string directory);

    [LoggerMessage(423, LogLevel.Warning, "Route store {Store} ({Error}); no route table is served yet")]
    public static partial void StoreLostBeforeAnyState(ILogger logger, string store, string error);

    [LoggerMessage(413, LogLevel.Warning, "Fleet history entry {Sequence} (strangler_route_history.seq) is not read (an edit): {Error}; the other entries are")]
    public static partial void HistoryEntrySkipped(ILogger logger, long sequence, string error);
}
