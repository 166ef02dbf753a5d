"""The material pack and other PDFs a network hands to its participants."""
