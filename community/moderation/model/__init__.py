"""The toxicity model: its scorers, its corpus, its training and its evaluation."""
