using LiteDB;

namespace Strangler.Sync.Stores;

internal sealed partial class LiteDbDocumentStore : IDocumentScan
{
    // Used under _gate only.
    private static readonly BsonExpression IdOnly = BsonExpression.Create("{ _id: $._id }");

    /// <summary>Ids read from the id index under one hold of the store's lock (about 20 ms at 10,000).</summary>
    internal int IndexPageSize { get; init; } = 10_000;

    /// <summary>
    /// Called between two pages of <see cref="PagesById"/>, when the file is held by no one: tests read the file from
    /// another handle there, where a scan that held it throughout would keep them out, however fast the machine.
    /// </summary>
    internal Action? BetweenPages { get; init; }

    /// <summary>
    /// The default (<see cref="IDocumentScan.SampleByPagesAsync"/>) reads every live id through a filter that loads each
    /// document, while the id index alone lists every id without loading one: 449 ms against 149 ms for 60 ids of
    /// 100,000 documents (the reconcile benchmark's last line). So: a uniform sample of all ids from the index, put in
    /// random order, whose documents are then read until <paramref name="count"/> live ones are found. The first live
    /// ones of a random order of all ids are a uniform sample of the live ones. Tombstones and stubs are few (tombstones
    /// are pruned after their retention): when twice the count and 16 more hold too few live ones, the default goes
    /// through the live ids themselves.
    /// </summary>
    public async Task<IReadOnlyList<object>> SampleIdsAsync(string collection, int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }

        var capacity = (int)Math.Min(2L * count + 16, int.MaxValue);
        var candidates = IndexSample(collection, capacity, cancellationToken);
        var live = LiveAmong(collection, candidates, count, cancellationToken);
        // Fewer candidates than asked for means every id was one: the live ones found are all there are.
        return live.Count == count || candidates.Length < capacity
            ? live
            : await IDocumentScan.SampleByPagesAsync(this, collection, count, cancellationToken);
    }

    public Task<IReadOnlyList<object>> ListIdsAsync(string collection, object? after, int limit, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var query = _database.GetCollection(collection).Query();
            if (after is not null)
            {
                query = query.Where(Query.GT("_id", LiteDbValues.ToBson(after)));
            }

            // In one read transaction (see FindManyAsync), selecting only the id: half the time of the whole documents.
            _database.BeginTrans();
            try
            {
                var ids = query
                    .Where($"($.{DocumentFields.Deleted} = null OR $.{DocumentFields.Deleted} = false) AND ($.{DocumentFields.Stub} = null OR $.{DocumentFields.Stub} = false)")
                    .OrderBy("_id").Select(IdOnly).Limit(limit).ToList()
                    .Select(d => LiteDbValues.FromBson(d["_id"])!).ToList();
                return Task.FromResult<IReadOnlyList<object>>(ids);
            }
            finally
            {
                _database.Rollback();
            }
        }
    }

    public Task<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>> FindManyAsync(
        string collection, IReadOnlyCollection<object> ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var documents = _database.GetCollection(collection);
            var wanted = new Dictionary<object, object>(ids.Count);
            BsonValue? low = null;
            BsonValue? high = null;
            foreach (var id in ids)
            {
                var bson = LiteDbValues.ToBson(id);
                wanted[LiteDbValues.FromBson(bson)!] = id;
                low = low is null || bson.CompareTo(low) < 0 ? bson : low;
                high = high is null || bson.CompareTo(high) > 0 ? bson : high;
            }

            var found = new Dictionary<object, IReadOnlyDictionary<string, object?>>(ids.Count);
            if (low is null)
            {
                return Task.FromResult<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>>(found);
            }

            // One read transaction: in shared mode LiteDB opens and closes the file around every command outside one.
            _database.BeginTrans();
            try
            {
                // A batch's ids are a run in id order, so one index range read finds them: a third of the time of one
                // FindById per id (measured, 500 ids a batch). The range may hold documents not asked for (tombstones,
                // documents without a legacy row): it is read up to twice the ids asked for, and ids past where it
                // stopped are looked up one at a time, so a sparse batch costs at most about twice the direct reads.
                var limit = 2 * wanted.Count;
                var read = 0;
                BsonValue? last = null;
                foreach (var document in documents.Query().Where(Query.Between("_id", low, high!)).OrderBy("_id").Limit(limit).ToEnumerable())
                {
                    read++;
                    last = document["_id"];
                    if (wanted.TryGetValue(LiteDbValues.FromBson(last)!, out var id))
                    {
                        found[id] = LiteDbValues.FromDocument(document);
                    }
                }

                if (read == limit)
                {
                    foreach (var (key, id) in wanted)
                    {
                        var bson = LiteDbValues.ToBson(key);
                        if (bson.CompareTo(last!) > 0 && documents.FindById(bson) is { } document)
                        {
                            found[id] = LiteDbValues.FromDocument(document);
                        }
                    }
                }
            }
            finally
            {
                _database.Rollback();
            }

            return Task.FromResult<IReadOnlyDictionary<object, IReadOnlyDictionary<string, object?>>>(found);
        }
    }

    private BsonValue[] IndexSample(string collection, int capacity, CancellationToken cancellationToken)
    {
        var sample = new Reservoir<BsonValue>(capacity);
        // Selecting the id alone, with no other filter, reads the index only ("loader": "index" in the plan).
        foreach (var page in PagesById(collection, IndexPageSize, query => query.Select(IdOnly), cancellationToken))
        {
            foreach (var document in page)
            {
                sample.Offer(document["_id"]);
            }
        }

        var candidates = sample.Items.ToArray();
        Random.Shared.Shuffle(candidates);
        return candidates;
    }

    private List<object> LiveAmong(string collection, BsonValue[] candidates, int count, CancellationToken cancellationToken)
    {
        var live = new List<object>(Math.Min(count, candidates.Length));
        foreach (var chunk in candidates.Chunk(500))
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                var documents = _database.GetCollection(collection);
                _database.BeginTrans();
                try
                {
                    foreach (var id in chunk)
                    {
                        if (documents.FindById(id) is { } document && !IsTrue(document, DocumentFields.Deleted) && !IsTrue(document, DocumentFields.Stub))
                        {
                            live.Add(LiteDbValues.FromBson(id)!);
                            if (live.Count == count)
                            {
                                return live;
                            }
                        }
                    }
                }
                finally
                {
                    _database.Rollback();
                }
            }
        }

        return live;
    }

    /// <summary>
    /// <paramref name="collection"/> in pages of <paramref name="pageSize"/> documents after the last page's id, each read
    /// under its own hold of the file: in shared mode that hold is a named mutex every process opening the file waits on,
    /// so one read of a whole collection kept a reconcile or the new service out for as long as it took. The
    /// <paramref name="shape"/> says what each page reads: the id alone (index only), or whole documents in id order.
    /// With <paramref name="write"/>, each page is also written in its transaction, under the same hold, and committed
    /// (a truncate); without, the transaction only reads and is rolled back.
    /// </summary>
    private IEnumerable<List<BsonDocument>> PagesById(string collection, int pageSize,
        Func<ILiteQueryable<BsonDocument>, ILiteQueryableResult<BsonDocument>> shape, CancellationToken cancellationToken,
        Action<ILiteCollection<BsonDocument>, List<BsonDocument>>? write = null)
    {
        BsonValue? after = null;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<BsonDocument> page;
            lock (_gate)
            {
                var documents = _database.GetCollection(collection);
                var query = documents.Query();
                if (after is not null)
                {
                    query = query.Where(Query.GT("_id", after));
                }

                _database.BeginTrans();
                try
                {
                    page = shape(query).Limit(pageSize).ToList();
                    if (write is null)
                    {
                        _database.Rollback();
                    }
                    else
                    {
                        write(documents, page);
                        _database.Commit();
                    }
                }
                catch
                {
                    _database.Rollback();
                    throw;
                }
            }

            yield return page;
            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1]["_id"];
            BetweenPages?.Invoke();
        }
    }
}
