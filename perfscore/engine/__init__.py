"""The engine: a framework compiled once into a plan of steps, and the one executor that runs it."""
