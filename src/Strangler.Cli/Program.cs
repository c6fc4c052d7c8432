using Strangler.Cli;

return await StranglerCommand.InvokeAsync(args);
