"""Named-entity recognition: gazetteers, CRF features, the shipped model and other backends."""
