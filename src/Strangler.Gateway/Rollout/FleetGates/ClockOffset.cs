using System.Globalization;
using Strangler.Gateway.Dashboard.Metrics;

namespace Strangler.Gateway.Rollout.FleetGates;

/// <summary>
/// How far another replica's clock runs from this one's, and that replica's published figures moved onto this clock.
/// A replica numbers its slots, dates its shadow minutes and its stalls by its own clock, and the holder cuts them to a
/// window on its own: with the two clocks a minute apart, the holder judged a minute of that replica's traffic the
/// window does not hold and missed a minute it does. The offset is read from one row: the publisher wrote its clock
/// into the document as it built it (<see cref="GateSlotsDocument.BuiltAt"/>), and the store aged the row on the
/// store's clock, so when the row was written this replica's clock read about <c>now - age</c>. That reading is off by
/// the publication's write and this read (milliseconds, seconds on a store in trouble), so an offset under one fine
/// slot is taken as none: the figures stay as dated, and a fleet whose clocks are in step is summed exactly as before.
/// </summary>
internal static class ClockOffset
{
    /// <summary>
    /// The largest offset a replica's figures are moved by. A clock a day off is no drift but a broken clock (or a
    /// malformed document), and its dates cannot be trusted either way: that replica's figures are not summed, and the
    /// evaluation says why.
    /// </summary>
    public static readonly TimeSpan Max = TimeSpan.FromDays(1);

    private static readonly long SlotMillis = (long)SideHistory.FineWidth.TotalMilliseconds;

    /// <summary>
    /// The publisher's clock minus this replica's; zero when the document carries no clock (a version before it) or
    /// the two are within one slot.
    /// </summary>
    public static TimeSpan Of(GateSlotsDocument document, TimeSpan age, DateTimeOffset now) =>
        document.BuiltAt is { } builtAt ? Of(DateTimeOffset.FromUnixTimeMilliseconds(builtAt), age, now) : TimeSpan.Zero;

    /// <summary>
    /// The writer's clock minus this replica's, from the time the writer put in what it wrote (<paramref name="writtenAt"/>)
    /// and the row's <paramref name="age"/> by the store's clock; zero within one slot.
    /// </summary>
    public static TimeSpan Of(DateTimeOffset writtenAt, TimeSpan age, DateTimeOffset now)
    {
        var offset = writtenAt - (now - age);
        return offset.Duration() < SideHistory.FineWidth ? TimeSpan.Zero : offset;
    }

    /// <summary>
    /// Why figures dated <paramref name="offset"/> off <paramref name="whose"/> clock cannot be summed (further off than
    /// <see cref="Max"/>): <c>its clock is 2 days ahead of this replica's: its figures cannot be dated</c>; null when
    /// they can.
    /// </summary>
    public static string? Undatable(TimeSpan offset, string whose) =>
        offset.Duration() <= Max ? null
            : $"its clock is {offset.Duration().TotalDays.ToString("0.#", CultureInfo.InvariantCulture)} days "
              + $"{(offset > TimeSpan.Zero ? "ahead of" : "behind")} {whose}: its figures cannot be dated";

    /// <summary>
    /// The document as this replica's clock would have dated it: slots moved by the offset in whole slots (a slot is
    /// numbered, not dated), a shadow minute's start and a stall to the second and millisecond. A minute moved so
    /// starts off this clock's minutes; the sum only asks whether its start lies in the window, as for any minute.
    /// </summary>
    public static GateSlotsDocument Moved(GateSlotsDocument document, TimeSpan offset)
    {
        if (offset == TimeSpan.Zero)
        {
            return document;
        }

        var ms = (long)offset.TotalMilliseconds;
        var slots = (long)Math.Round((double)ms / SlotMillis, MidpointRounding.AwayFromZero);
        var seconds = (long)Math.Round(ms / 1000.0, MidpointRounding.AwayFromZero);
        return document with
        {
            Routes = [.. document.Routes.Select(route => route with
            {
                New = [.. route.New.Select(slot => slot with { Slot = slot.Slot - slots })],
                Legacy = [.. route.Legacy.Select(slot => slot with { Slot = slot.Slot - slots })],
                Diff = [.. route.Diff.Select(minute => minute with { Minute = minute.Minute - seconds })],
            })],
            Stalls = document.Stalls is null ? null : [.. document.Stalls.Select(stall => stall with { Start = stall.Start - ms })],
        };
    }
}
