//! assign → schedule → route under one deadline and seed.
