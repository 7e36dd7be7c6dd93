"""Bimkemas — sistem informasi bimbingan kemasyarakatan."""
