public enum RateDistortionPlaceholder {}
