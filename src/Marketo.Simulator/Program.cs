// Placeholder until the simulator lands: replaced by the simulator's entry point.
return 0;
