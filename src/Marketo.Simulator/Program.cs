// Standalone Marketo simulator: see README.md next to this file for flags and the /_sim control API.
return await MarketoExport.Marketo.Simulator.CommandLine.SimulatorCli.MainAsync(args);
