namespace Strangler.Gateway.Canary;

/// <summary>Why a request goes where it goes.</summary>
internal enum DecisionReason
{
    Mode,
    Canary,
    Override,
    BreakerOpen,
}
