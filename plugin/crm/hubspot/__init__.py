"""The HubSpot adapter (``adapter``) and its thin REST client (``client`` over ``transport``)."""
